package dev.apikeys.keycloak.rest;

import dev.apikeys.keycloak.address.AddressBook;
import dev.apikeys.keycloak.address.AddressBookState;
import dev.apikeys.keycloak.policy.AddressBookPolicy;

/**
 * Address management as a user and a withdrawal service see it.
 *
 * @param enabled   whether withdrawals are bound to the book now (the user's switch, or the realm binds everyone)
 * @param required  whether the realm binds everyone (the switch cannot be turned off)
 * @param version   changes with every change a withdrawal service must notice
 */
public record ManagementRepresentation(boolean enabled, boolean required, long version, int maxEntries,
                                       boolean emailConfirmation, long confirmationLifespanSeconds, int maxBatchRows,
                                       int entryCount) {

    public static ManagementRepresentation of(AddressBook book, AddressBookState state, int entryCount) {
        AddressBookPolicy policy = book.policy();
        return new ManagementRepresentation(policy.alwaysBound() || state.enabled(), policy.alwaysBound(), state.version(),
                policy.maxEntries(), policy.emailConfirmation(), policy.confirmationLifespanSeconds(),
                AddressBookPolicy.MAX_BATCH_ROWS, entryCount);
    }
}
