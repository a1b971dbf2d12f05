package dev.apikeys.keycloak.policy;

import static dev.apikeys.keycloak.policy.ApiKeyPolicyTest.assertInvalid;
import static dev.apikeys.keycloak.policy.ApiKeyPolicyTest.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The gateway rules, as an administrator sets them in the policy's {@code gateway} object, and the answer cache time. */
class GatewayPolicyTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final GatewayPolicy CACHING = put("""
            {"gateway": {"cacheSeconds": 30}}""").gateway();

    @Test
    void byDefaultNoGatewayKeepsAnAnswer() {
        assertEquals(0, ApiKeyPolicy.DEFAULT.gateway().cacheSeconds());
        assertEquals(0, ApiKeyPolicy.DEFAULT.gateway().answerCacheSeconds(false, false, null, NOW));
    }

    @Test
    void cacheSecondsRangeFromNoneToAMinute() {
        assertEquals(0, put("""
                {"gateway": {"cacheSeconds": 0}}""").gateway().cacheSeconds());
        assertEquals(60, put("""
                {"gateway": {"cacheSeconds": 60}}""").gateway().cacheSeconds());
        assertInvalid("""
                {"gateway": {"cacheSeconds": 61}}""");
        assertInvalid("""
                {"gateway": {"cacheSeconds": -1}}""");
    }

    @Test
    void aKeyWithoutExpiryOrAllowListIsCachedForTheRealmsTime() {
        assertEquals(30, CACHING.answerCacheSeconds(false, false, null, NOW));
        assertEquals(30, CACHING.answerCacheSeconds(false, false, NOW + 3_600_000, NOW));
    }

    @Test
    void anAnswerIsNeverKeptPastTheKeysExpiry() {
        assertEquals(10, CACHING.answerCacheSeconds(false, false, NOW + 10_999, NOW));
        assertEquals(0, CACHING.answerCacheSeconds(false, false, NOW + 999, NOW));
        assertEquals(0, CACHING.answerCacheSeconds(false, false, NOW - 5_000, NOW));
    }

    @Test
    void answersThatDependOnTheRequestAreNeverKept() {
        assertEquals(0, CACHING.answerCacheSeconds(true, false, null, NOW), "an IP-bound key's answer holds for one address");
        assertEquals(0, CACHING.answerCacheSeconds(false, true, null, NOW), "a check of required scopes holds for one route");
    }
}
