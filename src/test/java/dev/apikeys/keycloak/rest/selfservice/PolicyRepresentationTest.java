package dev.apikeys.keycloak.rest.selfservice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.rest.JsonBody;
import org.junit.jupiter.api.Test;

/** What the console is told about permission levels, for the policies an administrator may set. */
class PolicyRepresentationTest {

    @Test
    void theDefaultScopesComeAsTheExchangesThreeLevels() {
        assertEquals(List.of(List.of("read"), List.of("read", "trade"), List.of("read", "trade", "withdraw")),
                answerFor("{}").permissionLevels());
    }

    @Test
    void theLevelsFollowTheDefaultOrderWhateverOrderTheRealmLists() {
        assertEquals(List.of(List.of("read"), List.of("read", "trade"), List.of("read", "trade", "withdraw")),
                answerFor("{\"scopes\": [\"withdraw\", \"read\", \"trade\"]}").permissionLevels());
    }

    @Test
    void otherScopesComeAsSingleChoices() {
        assertEquals(List.of(), answerFor("{\"scopes\": [\"read\", \"trade\", \"withdraw\", \"margin\"]}").permissionLevels());
        assertEquals(List.of(), answerFor("{\"scopes\": [\"read\", \"trade\"], \"ipRequiredScopes\": []}").permissionLevels());
    }

    @Test
    void theAnswerNamesTheRulesEveryRealmShares() {
        PolicyRepresentation answer = answerFor("{}");
        assertEquals("read", answer.alwaysGranted());
        assertEquals(8, answer.minIpv4Prefix());
        assertEquals(32, answer.minIpv6Prefix());
    }

    private static PolicyRepresentation answerFor(String adminJson) {
        ApiKeyPolicy policy = JsonBody.update(ApiKeyPolicy.DEFAULT,
                new ByteArrayInputStream(adminJson.getBytes(StandardCharsets.UTF_8))).validate();
        return PolicyRepresentation.of(policy, true, 0);
    }
}
