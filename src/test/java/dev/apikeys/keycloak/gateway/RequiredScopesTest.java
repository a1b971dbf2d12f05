package dev.apikeys.keycloak.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class RequiredScopesTest {

    @Test
    void requiredScopesFromQueryAndHeaderAreOneListWithoutRepeats() {
        assertEquals(List.of("trade", "withdraw"), KeyCheck.requiredScopes(Arrays.asList("trade", null, " trade  withdraw ", "")));
        assertEquals(List.of(), KeyCheck.requiredScopes(List.of()));
        assertThrows(IllegalArgumentException.class, () -> KeyCheck.requiredScopes(List.of("a".repeat(1025))));
    }
}
