package dev.apikeys.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.rest.JsonBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.function.Executable;

class ApiKeyPolicyTest {

    private static final ApiKeyPolicy POLICY = ApiKeyPolicy.DEFAULT;
    private static final long NOW = 1_700_000_000_000L;
    private static final long DAY = 24L * 3600 * 1000;

    @Test
    void defaultsFollowTheExchanges() {
        assertEquals(List.of("read", "trade", "withdraw"), POLICY.scopes());
        assertEquals(List.of("withdraw"), POLICY.ipRequiredScopes());
        assertEquals(50, POLICY.maxKeysPerUser());
        assertEquals(50, POLICY.maxIpsPerKey());
        assertEquals(NOW + 90 * DAY, POLICY.expiresAt(NOW, false));
        assertEquals(NOW + 365 * DAY, POLICY.expiresAt(NOW, true));
        assertEquals(NOW, POLICY.activeFrom(NOW));
        assertEquals(true, POLICY.otpRequired());
        assertEquals(5, POLICY.otpMaxFailures());
        assertEquals(900, POLICY.otpLockoutSeconds());
        POLICY.validate();
    }

    @Test
    void theAdminAnswerIsThePolicyOneJsonFieldPerPolicyField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree("""
                {"scopes": ["read", "trade", "withdraw"], "ipRequiredScopes": ["withdraw"], "maxKeysPerUser": 50,
                 "maxIpsPerKey": 50, "labelPattern": null, "unboundLifetimeSeconds": 7776000,
                 "ipBoundLifetimeSeconds": 31536000, "activationDelaySeconds": 0, "otpRequired": true,
                 "otpMaxFailures": 5, "otpLockoutSeconds": 900,
                 "addressBook": {"maxEntries": 200, "emailConfirmation": true, "confirmationLifespanSeconds": 86400,
                                 "alwaysBound": false},
                 "gateway": {"cacheSeconds": 0}}"""), json.readTree(json.writeValueAsString(POLICY)));
        assertEquals(POLICY, put(json.writeValueAsString(POLICY)), "what the admin API answers, it takes back");
    }

    @Test
    void readIsAlwaysGrantedAndScopesComeInPolicyOrder() {
        assertEquals(List.of("read"), POLICY.grantScopes(null, false));
        assertEquals(List.of("read"), POLICY.grantScopes(List.of(), false));
        assertEquals(List.of("read", "trade"), POLICY.grantScopes(List.of("trade"), false));
        assertEquals(List.of("read", "trade", "withdraw"), POLICY.grantScopes(List.of("withdraw", "trade", "read", "trade"), true));
    }

    @Test
    void unknownScopesAreRefused() {
        assertError(ApiKeyError.SCOPE_UNKNOWN, () -> POLICY.grantScopes(List.of("admin"), true));
        assertError(ApiKeyError.SCOPE_UNKNOWN, () -> POLICY.grantScopes(List.of("READ"), true));
        assertError(ApiKeyError.SCOPE_UNKNOWN, () -> POLICY.grantScopes(Collections.singletonList(null), true));
    }

    @Test
    void withdrawNeedsAnIpAllowList() {
        assertError(ApiKeyError.SCOPE_REQUIRES_IP, () -> POLICY.grantScopes(List.of("withdraw"), false));
    }

    @Test
    void labelsAreTrimmedNormalizedAndBounded() {
        assertEquals("trading bot", POLICY.checkLabel("  trading bot "));
        assertEquals("Café 🤖", POLICY.checkLabel("Cafe\u0301 🤖"));
        assertEquals("🤖".repeat(64), POLICY.checkLabel("🤖".repeat(64)));
        assertError(ApiKeyError.LABEL_INVALID, () -> POLICY.checkLabel("🤖".repeat(65)));
        assertError(ApiKeyError.LABEL_INVALID, () -> POLICY.checkLabel(null));
        assertError(ApiKeyError.LABEL_INVALID, () -> POLICY.checkLabel("   "));
        assertError(ApiKeyError.LABEL_INVALID, () -> POLICY.checkLabel("bot\nline"));
        assertError(ApiKeyError.LABEL_INVALID, () -> POLICY.checkLabel("bot\u0000"));
    }

    @Test
    void realmLabelPatternIsApplied() {
        ApiKeyPolicy emirex = put("""
                {"labelPattern": "(?=.*[A-Z])(?=.*[a-z])(?=.*\\\\d).+"}""");
        assertEquals("Bot1", emirex.checkLabel("Bot1"));
        assertError(ApiKeyError.LABEL_INVALID, () -> emirex.checkLabel("bot1"));
    }

    @Test
    void aCatastrophicLabelPatternGivesUpInsteadOfPinningAThread() {
        // polynomial backtracking (about 63^10 steps on this label) that reads the label on every step
        ApiKeyPolicy hostile = put("""
                {"labelPattern": ".*.*.*.*.*.*.*.*.*.*!"}""");
        assertError(ApiKeyError.LABEL_INVALID, () -> hostile.checkLabel("a".repeat(63)));
        assertEquals("abab!", hostile.checkLabel("abab!"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"^((\\w+\\s?)*)\\1$", "()(?:(?:(?:\\1){1000}){1000}){1000}.*", "(?:(?:(?:()){1000}){1000}){1000}",
            "(a+)+", "((a)*)*", "(?:x|y+){2}", "x{1001}", "(a)\\1", "(?<n>a)\\k<n>", "(?:(?=.*x).)*"})
    void patternsThatCanWorkWithoutReadingTheLabelAreRefused(String pattern) {
        assertInvalid(withLabelPattern(pattern));
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?=.*[A-Z])(?=.*[a-z])(?=.*\\d).+", "[a-z]{3,20}", "bot-\\d+", "(prod|test)-.*", "(?i)bot.*",
            "\\Q(a+)+\\E", "[(+*)]+", "x{1000}", "(?:ab){2,5}"})
    void ordinaryRulesAreAccepted(String pattern) {
        assertEquals(pattern, put(withLabelPattern(pattern)).labelPattern());
    }

    @Test
    void onlyScopesStillInForceAreGranted() {
        ApiKeyPolicy retired = put("""
                {"scopes": ["read", "withdraw"]}""");
        assertEquals(List.of("read"), retired.scopesInForce(List.of("read", "trade"), true));
        assertError(ApiKeyError.SCOPE_UNKNOWN, () -> retired.checkScopesInForce(List.of("read", "trade"), true));
        ApiKeyPolicy ipOnly = put("""
                {"ipRequiredScopes": ["trade", "withdraw"]}""");
        assertEquals(List.of("read"), ipOnly.scopesInForce(List.of("read", "trade"), false));
        assertEquals(List.of("read", "trade"), ipOnly.scopesInForce(List.of("read", "trade"), true));
        assertError(ApiKeyError.SCOPE_REQUIRES_IP, () -> ipOnly.checkScopesInForce(List.of("read", "trade"), false));
    }

    @Test
    void limitsAreEnforced() {
        POLICY.checkKeyCount(49);
        assertError(ApiKeyError.TOO_MANY_KEYS, () -> POLICY.checkKeyCount(50));
        List<String> ips = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "10.0.0." + i).toList();
        assertError(ApiKeyError.TOO_MANY_IPS, () -> POLICY.checkIpAllowList(ips));
        assertEquals(50, POLICY.checkIpAllowList(ips.subList(0, 50)).size());
        assertError(ApiKeyError.IP_INVALID, () -> POLICY.checkIpAllowList(List.of("10.0.0.1", "nope")));
    }

    @Test
    void zeroLifetimeMeansNeverAndDelayIsHonoured() {
        ApiKeyPolicy policy = put("""
                {"unboundLifetimeSeconds": 0, "ipBoundLifetimeSeconds": 0, "activationDelaySeconds": 900}""");
        assertNull(policy.expiresAt(NOW, false));
        assertNull(policy.expiresAt(NOW, true));
        assertEquals(NOW + 900_000, policy.activeFrom(NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"scopes\": [\"trade\"], \"ipRequiredScopes\": []}",
        "{\"scopes\": [\"read\", \"Trade\"], \"ipRequiredScopes\": []}",
        "{\"scopes\": [\"read\", \"read\"], \"ipRequiredScopes\": []}",
        "{\"scopes\": [\"read\", null], \"ipRequiredScopes\": []}",
        "{\"ipRequiredScopes\": [\"margin\"]}",
        "{\"ipRequiredScopes\": [\"read\"]}",
        "{\"maxKeysPerUser\": 0}",
        "{\"maxIpsPerKey\": 1001}",
        "{\"labelPattern\": \"([a-z\"}",
        "{\"unboundLifetimeSeconds\": -1}",
        "{\"activationDelaySeconds\": 691200}",
        "{\"otpMaxFailures\": 0}",
        "{\"otpLockoutSeconds\": 59}"
    })
    void incoherentPoliciesAreRefused(String body) {
        assertInvalid(body);
    }

    @Test
    void partialUpdatesKeepTheRest() {
        ApiKeyPolicy changed = put("""
                {"scopes": ["read", "trade", "withdraw", "margin"], "maxKeysPerUser": 5, "otpRequired": false}""");
        assertEquals(5, changed.maxKeysPerUser());
        assertEquals(50, changed.maxIpsPerKey());
        assertEquals(List.of("withdraw"), changed.ipRequiredScopes());
        assertEquals(false, changed.otpRequired());
        assertEquals(List.of("read", "margin"), changed.grantScopes(List.of("margin"), false));
    }

    /** The policy after an administrator's {@code PUT /admin/realms/{realm}/api-keys/policy} with this body. */
    static ApiKeyPolicy put(String body) {
        return JsonBody.update(POLICY, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).validate();
    }

    static void assertInvalid(String body) {
        assertError(ApiKeyError.POLICY_INVALID, () -> put(body));
    }

    private static String withLabelPattern(String pattern) {
        return "{\"labelPattern\": \"" + new String(JsonStringEncoder.getInstance().quoteAsString(pattern)) + "\"}";
    }

    private static void assertError(ApiKeyError expected, Executable action) {
        ApiKeyException e = assertThrows(ApiKeyException.class, action);
        assertEquals(expected, e.error(), e.description());
    }
}
