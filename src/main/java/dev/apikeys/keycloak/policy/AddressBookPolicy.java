package dev.apikeys.keycloak.policy;

/**
 * The realm's rules for withdrawal address books; its fields are policy fields like those of {@link ApiKeyPolicy}.
 *
 * @param maxEntries                  entries (pending and confirmed) one user's book may hold
 * @param emailConfirmation           whether an entry waits for the link in an e-mail before it is used
 * @param confirmationLifespanSeconds how long a confirmation link works
 * @param alwaysBound                 whether every user's withdrawals are bound to the book (users cannot turn it off)
 */
public record AddressBookPolicy(@Range(min = 1, max = 10_000) int maxEntries,
                                boolean emailConfirmation,
                                @Range(min = 30, max = 7L * 24 * 3600) long confirmationLifespanSeconds,
                                boolean alwaysBound) {

    public static final AddressBookPolicy DEFAULT = new AddressBookPolicy(200, true, 24L * 3600, false);
    /** Rows of one CSV batch, after the header. */
    public static final int MAX_BATCH_ROWS = 100;
}
