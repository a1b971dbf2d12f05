package dev.apikeys.keycloak.policy;

import dev.apikeys.keycloak.error.ApiKeyError;

/**
 * The realm's rules for withdrawal address books.
 *
 * @param maxEntries                  entries (pending and confirmed) one user's book may hold
 * @param emailConfirmation           whether an entry waits for the link in an e-mail before it is used
 * @param confirmationLifespanSeconds how long a confirmation link works
 * @param alwaysBound                 whether every user's withdrawals are bound to the book (users cannot turn it off)
 */
public record AddressBookPolicy(int maxEntries, boolean emailConfirmation, long confirmationLifespanSeconds,
                                boolean alwaysBound) {

    public static final AddressBookPolicy DEFAULT = new AddressBookPolicy(200, true, 24L * 3600, false);
    /** Rows of one CSV batch, after the header. */
    public static final int MAX_BATCH_ROWS = 100;

    static final int MAX_ENTRIES_LIMIT = 10_000;
    static final long MIN_LIFESPAN_SECONDS = 30;
    static final long MAX_LIFESPAN_SECONDS = 7L * 24 * 3600;

    AddressBookPolicy validate() {
        if (maxEntries < 1 || maxEntries > MAX_ENTRIES_LIMIT) {
            throw ApiKeyError.POLICY_INVALID.exception("addressBook.maxEntries must be between 1 and " + MAX_ENTRIES_LIMIT);
        }
        if (confirmationLifespanSeconds < MIN_LIFESPAN_SECONDS || confirmationLifespanSeconds > MAX_LIFESPAN_SECONDS) {
            throw ApiKeyError.POLICY_INVALID.exception("addressBook.confirmationLifespanSeconds must be between "
                    + MIN_LIFESPAN_SECONDS + " and " + MAX_LIFESPAN_SECONDS);
        }
        return this;
    }

    /** An administrator's change: fields left null keep their value. */
    public record Update(Integer maxEntries, Boolean emailConfirmation, Long confirmationLifespanSeconds,
                         Boolean alwaysBound) {

        AddressBookPolicy applyTo(AddressBookPolicy current) {
            return new AddressBookPolicy(
                    maxEntries != null ? maxEntries : current.maxEntries(),
                    emailConfirmation != null ? emailConfirmation : current.emailConfirmation(),
                    confirmationLifespanSeconds != null ? confirmationLifespanSeconds : current.confirmationLifespanSeconds(),
                    alwaysBound != null ? alwaysBound : current.alwaysBound());
        }
    }
}
