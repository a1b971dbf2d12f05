package dev.apikeys.keycloak.address;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Whether a user's withdrawals are bound to the book ("address management" on), and the book's version, which
 * grows with every change a withdrawal service must notice: an entry confirmed, a confirmed entry deleted,
 * address management turned on or off. Kept as the user's one credential of type {@value #TYPE}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AddressBookState(boolean enabled, long version) {

    public static final String TYPE = "api-key-address-book";
    static final AddressBookState NEW = new AddressBookState(false, 0);

    /**
     * The next state; its version is the time of the change in epoch milliseconds (or one more than the last, should
     * the clock be behind it), so that it never goes back, even after the state was deleted and starts over.
     */
    AddressBookState changed(boolean enabled) {
        return new AddressBookState(enabled, Math.max(version + 1, org.keycloak.common.util.Time.currentTimeMillis()));
    }

    /** The same switch with a new version: the entries a service may allow changed. */
    AddressBookState touched() {
        return changed(enabled);
    }
}
