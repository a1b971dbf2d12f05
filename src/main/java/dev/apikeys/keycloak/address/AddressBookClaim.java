package dev.apikeys.keycloak.address;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/**
 * The claim {@value #CLAIM} of key tokens that carry {@value #WITHDRAW}: {@code bound} says whether the owner's
 * withdrawals are bound to the address book, {@code version} changes with every confirmed change of the book, so a
 * withdrawal service can cache the book and know when to ask again. Read from the user cache.
 */
public final class AddressBookClaim {

    public static final String CLAIM = "withdraw_address_book";
    public static final String WITHDRAW = "withdraw";

    private AddressBookClaim() {
    }

    /** Whether the owner's withdrawals are bound to the book, and the book's version. */
    public record Binding(boolean bound, long version) {
    }

    /**
     * @param realmBindsEveryone the policy's {@code addressBook.alwaysBound}, from the policy the caller read for
     *                           this use (no second read of the realm's policy per use)
     */
    public static Binding binding(boolean realmBindsEveryone, UserModel owner) {
        AddressBookState state = AddressBook.readState(owner);
        return new Binding(realmBindsEveryone || state.enabled(), state.version());
    }

    /** @param realmBindsEveryone as for {@link #binding} */
    public static void apply(boolean realmBindsEveryone, UserModel owner, AccessToken token, Collection<String> granted) {
        if (!granted.contains(WITHDRAW)) {
            return;
        }
        Binding binding = binding(realmBindsEveryone, owner);
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("bound", binding.bound());
        claim.put("version", binding.version());
        token.getOtherClaims().put(CLAIM, claim);
    }
}
