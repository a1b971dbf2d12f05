package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpRequest;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keys become tokens at the standard token endpoint, and every check on the way is enforced. */
@ExtendWith(KeycloakExtension.class)
final class TokenExchangeIT {

    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/exchange.json");
    }

    @Test
    void aKeyBecomesASignedShortLivedTokenOfItsOwner(Admin admin, KeycloakServer server) throws Exception {
        SelfService me = SelfService.newOwner(admin, server, realm, "trader");
        JsonNode key = me.createKey("bot", List.of("trade"), null);

        JsonNode answer = new KeyExchange(server, realm).exchange(key.path("secret").asText()).expect(200).json();

        assertEquals("Bearer", answer.path("token_type").asText());
        assertEquals("urn:ietf:params:oauth:token-type:access_token", answer.path("issued_token_type").asText());
        assertTrue(answer.path("refresh_token").isMissingNode(), answer.toString());
        JWTClaimsSet claims = verify(server, answer.path("access_token").asText());
        assertEquals(me.userId(), claims.getSubject());
        assertEquals(key.path("id").asText(), claims.getStringClaim("api_key_id"));
        assertEquals(List.of("read", "trade"), permissionScopes(claims));
        assertEquals(KeyExchange.CLIENT, claims.getStringClaim("azp"));
        assertNull(claims.getStringClaim("sid"), "transient session");
        assertFalse(admin.get("/admin/realms/" + realm + "/users/" + me.userId() + "/sessions").expect(200).body()
                .contains(KeyExchange.CLIENT), "no session is stored for an exchange");
        // The realm's 5-minute access token lifespan. Keycloak reads the clock once for iat and again for exp, so
        // a second may tick between the two.
        long lifetime = (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
        assertTrue(lifetime == 300 || lifetime == 301, "lifetime " + lifetime + " s");
        assertTrue(claims.getExpirationTime().after(new Date()));
        assertEquals(answer.path("scope").asText(), claims.getStringClaim("scope"));
    }

    @Test
    void requestedScopesNarrowTheToken(Admin admin, KeycloakServer server) throws Exception {
        SelfService me = SelfService.newOwner(admin, server, realm, "trader", "withdrawer");
        String secret = me.createKey("wide", List.of("trade", "withdraw"), List.of("127.0.0.1")).path("secret").asText();
        KeyExchange exchange = new KeyExchange(server, realm);

        JWTClaimsSet tradeOnly = verify(server, exchange.exchange(secret, "trade").expect(200).json().path("access_token").asText());
        assertEquals(List.of("trade"), permissionScopes(tradeOnly));
        assertEquals(List.of("trader"), appRoles(tradeOnly));

        JWTClaimsSet all = verify(server, exchange.exchange(secret).expect(200).json().path("access_token").asText());
        assertEquals(List.of("read", "trade", "withdraw"), permissionScopes(all));
        assertEquals(List.of("trader", "withdrawer"), appRoles(all));
    }

    @Test
    void aScopeOutsideTheKeyIsInvalidScope(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("reader", null, null).path("secret").asText();

        assertOAuthError(new KeyExchange(server, realm).exchange(secret, "read trade"), "invalid_scope");
        assertOAuthError(new KeyExchange(server, realm).exchange(secret, "admin"), "invalid_scope");
        assertRefusalRecorded(admin, realm, "api_key_scope_not_allowed", keyIdOf(secret));
    }

    @Test
    void rolesFollowTheClientScopeRoleMappings(Admin admin, KeycloakServer server) throws Exception {
        SelfService me = SelfService.newOwner(admin, server, realm, "trader");
        String reader = me.createKey("reader", null, null).path("secret").asText();

        JWTClaimsSet claims = verify(server, new KeyExchange(server, realm).exchange(reader).expect(200).json()
                .path("access_token").asText());

        assertEquals(List.of(), appRoles(claims), "a read-only key does not carry the trader role");
    }

    @Test
    void ipBoundKeysWorkOnlyFromTheirAddresses(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("office", null, List.of("127.0.0.1")).path("secret").asText();
        String wider = me.createKey("office-range", null, List.of("127.0.0.0/30")).path("secret").asText();
        KeyExchange exchange = new KeyExchange(server, realm);

        exchange.exchangeFrom("127.0.0.1", secret).expect(200);
        HttpResult refused = exchange.exchangeFrom("127.0.0.2", secret);
        assertOAuthError(refused, "invalid_grant");
        assertEquals("invalid API key", refused.json().path("error_description").asText(),
                "outside its allow-list a key answers like a wrong secret: " + refused.body());
        exchange.exchangeFrom("127.0.0.2", wider).expect(200);
        assertOAuthError(exchange.exchangeFrom("127.0.0.5", wider), "invalid_grant");
        assertRefusalRecorded(admin, realm, "api_key_ip_not_allowed", keyIdOf(secret));
        assertRefusalRecorded(admin, realm, "api_key_ip_not_allowed", keyIdOf(wider));
    }

    @Test
    void expiredKeysAreRefusedUntilRenewed(Admin admin, KeycloakServer server) throws Exception {
        String shortLived = admin.importRealm("realms/exchange.json", Map.of("unboundLifetimeSeconds", 5));
        SelfService me = SelfService.signIn(server, admin.createUserWithOtp(shortLived, "hurried", Totp.randomSecret()));
        JsonNode key = me.createKey("brief", null, null);
        KeyExchange exchange = new KeyExchange(server, shortLived);
        exchange.exchange(key.path("secret").asText()).expect(200);

        Thread.sleep(Math.max(0, key.path("expiresAt").asLong() - System.currentTimeMillis()) + 500);

        HttpResult expired = exchange.exchange(key.path("secret").asText());
        assertOAuthError(expired, "invalid_grant");
        assertTrue(expired.json().path("error_description").asText().contains("expired"), expired.body());
        assertEquals("expired", me.get("/" + key.path("id").asText()).expect(200).json().path("status").asText());
        assertRefusalRecorded(admin, shortLived, "api_key_expired", key.path("id").asText());

        admin.put("/admin/realms/" + shortLived + "/api-keys/policy", Map.of("unboundLifetimeSeconds", 3600)).expect(200);
        me.renew(key.path("id").asText()).expect(200);
        exchange.exchange(key.path("secret").asText()).expect(200);
    }

    @Test
    void keysWaitForTheirActivationDelay(Admin admin, KeycloakServer server) {
        String delayed = admin.importRealm("realms/exchange.json", Map.of("activationDelaySeconds", 600));
        SelfService me = SelfService.signIn(server, admin.createUserWithOtp(delayed, "patient", Totp.randomSecret()));
        String secret = me.createKey("later", null, null).path("secret").asText();

        HttpResult pending = new KeyExchange(server, delayed).exchange(secret);

        assertOAuthError(pending, "invalid_grant");
        assertTrue(pending.json().path("error_description").asText().contains("not active"), pending.body());
        assertRefusalRecorded(admin, delayed, "api_key_not_active", keyIdOf(secret));
    }

    @Test
    void aDeletedKeyIsRefusedAtOnce(Admin admin, KeycloakServer server) throws Exception {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("short", null, null);
        KeyExchange exchange = new KeyExchange(server, realm);
        exchange.exchange(key.path("secret").asText()).expect(200);

        me.delete(key.path("id").asText()).expect(204);
        // the metric, not the store: a key that no longer exists is counted per client, one stored row a minute
        double notFoundBefore = RefusalEvents.counted(server, realm, "token_exchange", "api_key_not_found");

        HttpResult refused = exchange.exchange(key.path("secret").asText());
        assertOAuthError(refused, "invalid_grant");
        assertEquals("invalid API key", refused.json().path("error_description").asText());
        assertEquals(notFoundBefore + 1, RefusalEvents.counted(server, realm, "token_exchange", "api_key_not_found"),
                "refused as a key that does not exist");
    }

    @Test
    void aDisabledOwnerIsRefused(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("dormant", null, null).path("secret").asText();

        admin.updateUser(realm, me.userId(), Map.of("enabled", false));

        HttpResult refused = new KeyExchange(server, realm).exchange(secret);
        assertOAuthError(refused, "invalid_grant");
        assertTrue(refused.json().path("error_description").asText().contains("disabled"), refused.body());
        assertRefusalRecorded(admin, realm, "user_disabled", keyIdOf(secret));
    }

    @Test
    void wrongBrokenJunkAndOversizedSecretsAllLookTheSame(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("target", null, null);
        String secret = key.path("secret").asText();
        String wrong = ApiKeySecret.generate(key.path("id").asText(), me.userId());
        String broken = secret.substring(0, secret.length() - 1) + (secret.endsWith("a") ? "b" : "a");
        KeyExchange exchange = new KeyExchange(server, realm);

        for (String presented : List.of(wrong, broken, "junk", "kcak_" + "x".repeat(10_000), "' OR 1=1 --")) {
            HttpResult refused = exchange.exchange(presented);
            assertOAuthError(refused, "invalid_grant");
            assertEquals("invalid API key", refused.json().path("error_description").asText(), refused.body());
        }
        assertOAuthError(exchange.exchange(null), "invalid_request");

        JsonNode errors = admin.events(realm, Map.of("type", "TOKEN_EXCHANGE_ERROR", "max", "100"));
        assertRefusalRecorded(admin, realm, "api_key_secret_mismatch", key.path("id").asText());
        assertRefusalRecorded(admin, realm, "api_key_malformed", null);
        assertFalse(errors.toString().contains(secret), "no secret in events");
        assertFalse(errors.toString().contains(wrong), "no presented secret in events");
    }

    @Test
    void aBrokenChecksumIsRefusedBeforeAnyLookup(Admin admin, KeycloakServer server) throws Exception {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("typo", null, null).path("secret").asText();
        String keyId = keyIdOf(secret);
        char last = secret.charAt(secret.length() - 1);
        String broken = secret.substring(0, secret.length() - 1) + (last == 'a' ? 'b' : 'a');
        // the metric, not the store: the store keeps one malformed refusal per client, address and minute
        double malformedBefore = RefusalEvents.counted(server, realm, "token_exchange", "api_key_malformed");

        assertOAuthError(new KeyExchange(server, realm).exchange(broken), "invalid_grant");

        assertEquals(malformedBefore + 1, RefusalEvents.counted(server, realm, "token_exchange", "api_key_malformed"),
                "a broken checksum is refused as malformed, without looking the key up");
        assertEquals(0, countEvents(admin, realm, "api_key_secret_mismatch", keyId), "the key was never compared");
    }

    @Test
    void repeatedWrongSecretsThrottleTheKeyButNotTheUsersLogin(Admin admin, KeycloakServer server) throws Exception {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("attacked", null, null);
        String unknownKeyId = ApiKeySecret.newKeyId();
        KeyExchange exchange = new KeyExchange(server, realm);
        Pause.untilThrottleWindowHasRoom();
        for (int i = 0; i < 10; i++) {
            assertOAuthError(exchange.exchange(ApiKeySecret.generate(key.path("id").asText(), me.userId())), "invalid_grant");
            assertOAuthError(exchange.exchange(ApiKeySecret.generate(unknownKeyId, me.userId())), "invalid_grant");
        }

        HttpResult throttled = exchange.exchange(key.path("secret").asText());
        HttpResult unknown = exchange.exchange(ApiKeySecret.generate(unknownKeyId, me.userId()));

        assertOAuthError(throttled, "invalid_grant");
        assertEquals(unknown.json().path("error_description").asText(), throttled.json().path("error_description").asText(),
                "a throttled key answers like a key that does not exist, so throttling does not reveal which keys exist");
        assertRefusalRecorded(admin, realm, "api_key_throttled", key.path("id").asText());
        SelfService again = SelfService.signIn(server, me.user());
        again.list().expect(200);
        String otherSecret = me.createKey("unaffected", null, null).path("secret").asText();
        exchange.exchange(otherSecret).expect(200);
    }

    @Test
    void onlyClientsThatOptInMayExchange(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("bot", null, null).path("secret").asText();

        HttpResult refused = server.tokenRequest(realm, KeyExchange.form("no-exchange", "no-exchange-secret", secret, null));

        assertOAuthError(refused, "unauthorized_client");
    }

    @Test
    void keyTokensCannotManageKeysOrTheAccount(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("bot", null, null).path("secret").asText();
        String narrow = new KeyExchange(server, realm).exchange(secret).expect(200).json().path("access_token").asText();
        String full = server.tokenRequest(realm, KeyExchange.form("bot-exchange-full", "bot-exchange-full-secret", secret, null))
                .expect(200).json().path("access_token").asText();
        assertTrue(Jwt.claims(full).path("resource_access").path("account").path("roles").isEmpty(),
                "no account roles even from a full-scope client: " + Jwt.claims(full));

        for (String token : List.of(narrow, full)) {
            SelfService asKey = new SelfService(server, me.user(), token);
            SelfServiceApiIT.assertError(asKey.list(), 401, "not_authenticated");
            SelfServiceApiIT.assertError(asKey.create("more", null, null), 401, "not_authenticated");
            for (String path : List.of("/account", "/account/credentials", "/account/sessions")) {
                HttpResult account = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + path))
                        .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build());
                assertTrue(account.status() == 401 || account.status() == 403, path + ": " + account);
            }
        }
        me.list().expect(200);
    }

    @Test
    void usesAreAuditedAndShownAsActivity(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("watched", null, null);
        String id = key.path("id").asText();
        KeyExchange exchange = new KeyExchange(server, realm);
        exchange.exchange(key.path("secret").asText()).expect(200);
        exchange.exchange(ApiKeySecret.generate(id, me.userId()));
        String neighbour = me.createKey("neighbour", null, null).path("secret").asText();
        exchange.exchange(neighbour).expect(200);
        exchange.exchange(neighbour).expect(200);

        JsonNode activity = me.get("/" + id + "/activity").expect(200).json();

        assertTrue(activity.path("eventsStored").asBoolean());
        List<String> types = new java.util.ArrayList<>();
        activity.path("events").forEach(event -> types.add(event.path("type").asText()));
        assertEquals(1, types.stream().filter("TOKEN_EXCHANGE"::equals).count(),
                "only this key's exchange, not those of the owner's other key: " + activity);
        assertTrue(types.contains("TOKEN_EXCHANGE_ERROR"), activity.toString());
        assertEquals("127.0.0.1", activity.path("lastUsedIp").asText(), activity.toString());
        JsonNode listed = me.get("/" + id).expect(200).json();
        assertTrue(listed.path("lastUsedAt").asLong() > 0, listed.toString());
        assertEquals("127.0.0.1", listed.path("lastUsedIp").asText());
    }

    private static String keyIdOf(String secret) {
        return ApiKeySecret.parse(secret).orElseThrow().keyId();
    }

    private static void assertRefusalRecorded(Admin admin, String realm, String error, String keyId) {
        RefusalEvents.assertRecorded(admin, realm, RefusalEvents.EXCHANGE, error, keyId);
    }

    private static long countEvents(Admin admin, String realm, String error, String keyId) {
        return RefusalEvents.count(admin, realm, RefusalEvents.EXCHANGE, error, keyId);
    }

    static JWTClaimsSet verify(KeycloakServer server, String token) throws Exception {
        JWKSource<SecurityContext> keys = JWKSourceBuilder
                .create(new URL(server.baseUrl() + "/realms/" + realmOf(token) + "/protocol/openid-connect/certs"))
                .build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        return processor.process(token, null);
    }

    private static String realmOf(String token) {
        String issuer = Jwt.claims(token).path("iss").asText();
        return issuer.substring(issuer.lastIndexOf('/') + 1);
    }

    static List<String> permissionScopes(JWTClaimsSet claims) throws Exception {
        List<String> scopes = new java.util.ArrayList<>();
        for (String scope : claims.getStringClaim("scope").split(" ")) {
            if (List.of("read", "trade", "withdraw").contains(scope)) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    @SuppressWarnings("unchecked")
    static List<String> appRoles(JWTClaimsSet claims) throws Exception {
        Map<String, Object> realmAccess = claims.getJSONObjectClaim("realm_access");
        List<String> roles = realmAccess == null ? List.of() : (List<String>) realmAccess.get("roles");
        return roles.stream().filter(role -> role.equals("trader") || role.equals("withdrawer")).sorted().toList();
    }

    static void assertOAuthError(HttpResult result, String error) {
        assertEquals(400, result.status(), result.toString());
        assertEquals(error, result.json().path("error").asText(), result.body());
        assertFalse(result.json().path("error_description").asText().isBlank(), result.body());
    }
}
