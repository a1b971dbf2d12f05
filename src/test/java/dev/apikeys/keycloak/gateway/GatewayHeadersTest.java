package dev.apikeys.keycloak.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class GatewayHeadersTest {

    @Test
    void printableUsernamesPassAsTheyAreOthersArePercentEncoded() {
        assertEquals("alice.smith@example.com", ForwardAuth.headerValue("alice.smith@example.com"));
        assertEquals("j%C3%BCrgen", ForwardAuth.headerValue("jürgen"));
        assertEquals("eve%0D%0AX-Auth-User-Id: admin", ForwardAuth.headerValue("eve\r\nX-Auth-User-Id: admin"));
        assertEquals("100%25", ForwardAuth.headerValue("100%"));
    }

    @Test
    void requiredScopesFromQueryAndHeaderAreOneListWithoutRepeats() {
        assertEquals(List.of("trade", "withdraw"), KeyCheck.requiredScopes(Arrays.asList("trade", null, " trade  withdraw ", "")));
        assertEquals(List.of(), KeyCheck.requiredScopes(List.of()));
        assertThrows(IllegalArgumentException.class, () -> KeyCheck.requiredScopes(List.of("a".repeat(1025))));
    }
}
