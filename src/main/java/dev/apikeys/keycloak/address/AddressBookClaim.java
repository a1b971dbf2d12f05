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

    /**
     * @param realmBindsEveryone the policy's {@code addressBook.alwaysBound}, from the policy the caller read for
     *                           this use (no second read of the realm's policy per token)
     */
    public static void apply(boolean realmBindsEveryone, UserModel owner, AccessToken token, Collection<String> granted) {
        if (!granted.contains(WITHDRAW)) {
            return;
        }
        AddressBookState state = AddressBook.readState(owner);
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("bound", realmBindsEveryone || state.enabled());
        claim.put("version", state.version());
        token.getOtherClaims().put(CLAIM, claim);
    }
}
