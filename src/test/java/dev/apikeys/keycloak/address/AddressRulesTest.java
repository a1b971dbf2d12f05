package dev.apikeys.keycloak.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.apikeys.keycloak.error.ApiKeyException;
import org.junit.jupiter.api.Test;

class AddressRulesTest {

    private static String refusedField(AddressRequest request) {
        return assertThrows(ApiKeyException.class, () -> AddressRules.check(request)).field();
    }

    @Test
    void coinAndNetworkAreUpperCaseTokensAndTheAddressKeepsItsCase() {
        AddressData entry = AddressRules.check(new AddressRequest(null, " usdt ", "trc20", " TQn9Y2khEsLJ ", " 77 ", " tron "));

        assertEquals("withdrawal", entry.kind());
        assertEquals("USDT", entry.coin());
        assertEquals("TRC20", entry.network());
        assertEquals("TQn9Y2khEsLJ", entry.address());
        assertEquals("77", entry.memo());
        assertEquals("tron", entry.remark());
        assertEquals("pending", entry.status());
    }

    @Test
    void eachWrongFieldIsNamed() {
        assertEquals("kind", refusedField(new AddressRequest("deposit", "BTC", "BTC", "a", null, "r")));
        assertEquals("coin", refusedField(new AddressRequest(null, "*", "BTC", "a", null, "r")));
        assertEquals("network", refusedField(new AddressRequest(null, "BTC", "INTERNAL", "a", null, "r")));
        assertEquals("network", refusedField(new AddressRequest("internal-transfer", "BTC", "BTC", "a", null, "r")));
        assertEquals("address", refusedField(new AddressRequest(null, "BTC", "BTC", "a b", null, "r")));
        assertEquals("address", refusedField(new AddressRequest(null, "BTC", "BTC", "a".repeat(129), null, "r")));
        assertEquals("memo", refusedField(new AddressRequest(null, "BTC", "BTC", "a", "tab\there", "r")));
        assertEquals("remark", refusedField(new AddressRequest(null, "BTC", "BTC", "a", null, "x".repeat(65))));
        assertEquals("remark", refusedField(new AddressRequest(null, "BTC", "BTC", "a", null, "\u202Etxt")));
    }

    @Test
    void internalTransfersMayAllowAnyCoinAndTheSameAddressDiffersByMemo() {
        AddressData any = AddressRules.check(new AddressRequest("internal-transfer", "*", null, "uid:1", null, "me"));
        AddressData withMemo = AddressRules.check(new AddressRequest(null, "XRP", "XRP", "rAbc", "1", "a"));
        AddressData withoutMemo = AddressRules.check(new AddressRequest(null, "XRP", "XRP", "rAbc", "", "b"));

        assertEquals("INTERNAL", any.network());
        assertFalse(withMemo.sameAddress(withoutMemo));
        assertTrue(withoutMemo.sameAddress(AddressRules.check(new AddressRequest(null, "xrp", "xrp", "rAbc", null, "c"))));
    }
}
