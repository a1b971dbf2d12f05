package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gateways asking about their callers' keys: every answer of forward-auth and of RFC 7662 introspection, clients that
 * are not gateways, and what a check leaves behind (events, metrics, cache headers). The realm stores refusals of
 * checks ({@code INTROSPECT_TOKEN_ERROR}) as an administrator who audits gateways would.
 */
@ExtendWith(KeycloakExtension.class)
final class GatewayIT {

    private static final String OUTSIDER = "plain-service";
    private static final String OUTSIDER_SECRET = "plain-service-secret";
    private static final String CHECK_ERRORS = "INTROSPECT_TOKEN_ERROR";
    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = gatewayRealm(admin, Map.of());
    }

    private static String gatewayRealm(Admin admin, Map<String, Object> policy) {
        String name = policy.isEmpty() ? admin.importRealm("realms/exchange.json") : admin.importRealm("realms/exchange.json", policy);
        Gateway.addClient(admin, name, Gateway.CLIENT, Gateway.SECRET, true);
        Gateway.addClient(admin, name, OUTSIDER, OUTSIDER_SECRET, false);
        admin.put(Admin.realmPath(name) + "/events/config", Map.of("eventsEnabled", true,
                "enabledEventTypes", List.of(CHECK_ERRORS, "TOKEN_EXCHANGE", "TOKEN_EXCHANGE_ERROR", "UPDATE_CREDENTIAL"))).expect(204);
        return name;
    }

    @Test
    void aValidKeyPassesWithItsOwnerInHeadersAndNothingIsStored(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm, "trader");
        JsonNode key = me.createKey("bot", List.of("trade"), null);
        String secret = key.path("secret").asText();
        Gateway gateway = new Gateway(server, realm);

        HttpResult passed = gateway.check(secret, "203.0.113.7").expect(200);

        assertEquals(me.userId(), passed.header("X-Auth-User-Id").orElseThrow());
        assertEquals(me.user().username(), passed.header("X-Auth-Username").orElseThrow());
        assertEquals(key.path("id").asText(), passed.header("X-Auth-Key-Id").orElseThrow());
        assertEquals(List.of("read", "trade"), Gateway.words(passed.header("X-Auth-Scope").orElseThrow()));
        assertEquals("false", passed.header("X-Auth-Withdrawals-Bound").orElseThrow());
        assertEquals("0", passed.header("X-Auth-Address-Book-Version").orElseThrow());
        assertEquals("no-store", passed.header("Cache-Control").orElseThrow());
        assertTrue(passed.json().path("active").asBoolean(), passed.body());
        assertFalse(passed.body().contains(secret), "the answer never repeats the secret");

        assertEquals(0, admin.events(realm, Map.of("type", "INTROSPECT_TOKEN", "max", "100")).size(),
                "a passing check stores no event");
        JsonNode shown = me.get("/" + key.path("id").asText()).expect(200).json();
        assertEquals("203.0.113.7", shown.path("lastUsedIp").asText(), "the last use names the caller, not the gateway: " + shown);
    }

    @Test
    void everyRefusalAnswersWithItsStatusChallengeAndCode(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("office", null, List.of("198.51.100.0/24"));
        String keyId = key.path("id").asText();
        String secret = key.path("secret").asText();
        Gateway gateway = new Gateway(server, realm);
        gateway.check(secret, "198.51.100.9").expect(200);

        assertRefused(gateway.check(null, "198.51.100.9"), 401, "api_key_missing");
        assertRefused(gateway.check("not-a-key", "198.51.100.9"), 401, "api_key_invalid");
        HttpResult unknown = gateway.check(ApiKeySecret.generate(ApiKeySecret.newKeyId(), me.userId()), "198.51.100.9");
        assertRefused(unknown, 401, "api_key_invalid");
        HttpResult wrong = gateway.check(ApiKeySecret.generate(keyId, me.userId()), "198.51.100.9");
        assertRefused(wrong, 401, "api_key_invalid");
        HttpResult outside = gateway.check(secret, "192.0.2.1");
        assertRefused(outside, 401, "api_key_invalid");
        assertEquals(unknown.body(), outside.body(), "outside the allow-list a key answers like a key that does not exist");
        assertEquals(unknown.body(), wrong.body(), "a wrong secret answers like a key that does not exist");
        assertRefused(gateway.check("GET", gateway.path(), secret, "192.0.2.1",
                Map.of("X-Forwarded-For", "198.51.100.9", "X-Real-IP", "198.51.100.9")), 401, "api_key_invalid");
        assertRefused(gateway.check(secret, null), 401, "api_key_invalid");

        RefusalEvents.assertRecorded(admin, realm, CHECK_ERRORS, "api_key_secret_mismatch", keyId);
        RefusalEvents.assertRecorded(admin, realm, CHECK_ERRORS, "api_key_ip_not_allowed", keyId);
        RefusalEvents.assertRecorded(admin, realm, CHECK_ERRORS, "api_key_missing", null);
    }

    @Test
    void scopesARouteRequiresMustBeGrantedToTheKey(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm, "trader");
        String reader = me.createKey("reader", null, null).path("secret").asText();
        String trader = me.createKey("trader", List.of("trade"), null).path("secret").asText();
        Gateway gateway = new Gateway(server, realm);

        HttpResult missing = gateway.check("GET", gateway.path(), reader, "203.0.113.7", Map.of("X-Required-Scope", "trade"));
        assertRefused(missing, 403, "insufficient_scope");
        assertTrue(missing.header("WWW-Authenticate").orElseThrow().contains("scope=\"trade\""), missing.headers().toString());
        assertRefused(gateway.check("GET", gateway.path() + "?scope=trade", reader, "203.0.113.7", Map.of()), 403, "insufficient_scope");
        assertRefused(gateway.check("GET", gateway.path() + "?scope=withdraw", trader, "203.0.113.7", Map.of()), 403, "insufficient_scope");

        HttpResult passed = gateway.check("GET", gateway.path() + "?scope=trade", trader, "203.0.113.7", Map.of()).expect(200);
        assertEquals(List.of("read", "trade"), Gateway.words(passed.header("X-Auth-Scope").orElseThrow()),
                "the answer names every scope the key holds, not only the route's");
        RefusalEvents.assertRecorded(admin, realm, CHECK_ERRORS, "api_key_scope_not_allowed", null);
    }

    @Test
    void hostileKeysAndScopesAreRefusedAsBadInputNeverAsServerErrors(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("plain", null, null).path("secret").asText();
        Gateway gateway = new Gateway(server, realm);

        for (String forgedUser : List.of("f:x", "f:", "f:p:\u0000x", "x\u0000y")) {
            String forged = ApiKeySecret.generate(ApiKeySecret.newKeyId(), forgedUser);
            assertRefused(gateway.check(forged, "203.0.113.7"), 401, "api_key_invalid");
            assertEquals(Map.of("active", false), Json.MAPPER.convertValue(gateway.introspect(forged, "203.0.113.7").expect(200).json(), Map.class));
            TokenExchangeIT.assertOAuthError(new KeyExchange(server, realm).exchange(forged), "invalid_grant");
        }
        for (String scope : List.of("%22trade%22", "Trade", "trade%20X-Evil:%201")) {
            HttpResult refused = gateway.check("GET", gateway.path() + "?scope=" + scope, secret, "203.0.113.7", Map.of());
            assertEquals(400, refused.status(), scope + ": " + refused.body());
            assertEquals("invalid_request", refused.json().path("error").asText());
        }
        for (String control : List.of("%01", "trade%0D%0AX-Evil:%201")) {
            // from 26.7 on Keycloak refuses control characters in a query itself, before any resource runs
            HttpResult refused = gateway.check("GET", gateway.path() + "?scope=" + control, secret, "203.0.113.7", Map.of());
            assertEquals(400, refused.status(), control + ": " + refused.body());
        }
    }

    @Test
    void aDisabledRealmAnswersNoGateway(Admin admin, KeycloakServer server) {
        String closed = gatewayRealm(admin, Map.of());
        String secret = SelfService.signIn(server, admin.createUserWithOtp(closed, "closing", Totp.randomSecret()))
                .createKey("closing", null, null).path("secret").asText();
        Gateway gateway = new Gateway(server, closed);
        gateway.check(secret, "203.0.113.7").expect(200);

        admin.put(Admin.realmPath(closed), Map.of("enabled", false)).expect(204);

        HttpResult refused = gateway.check(secret, "203.0.113.7");
        assertEquals(403, refused.status(), refused.body());
        assertEquals("access_denied", refused.json().path("error").asText());
    }

    @Test
    void anyMethodAndPathIsCheckedAndOptionsIsNoPreflight(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("verbs", null, null).path("secret").asText();
        Gateway gateway = new Gateway(server, realm);

        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            HttpResult passed = gateway.check(method, gateway.path() + "/api/v1/orders", secret, "203.0.113.7", Map.of());
            assertEquals(200, passed.status(), method + ": " + passed.body());
            assertEquals(me.userId(), passed.header("X-Auth-User-Id").orElseThrow(), method);
            assertEquals(401, gateway.check(method, gateway.path(), null, "203.0.113.7",
                    Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET")).status(), method);
        }
        assertEquals("not_authenticated", server.send(HttpRequest.newBuilder(server.uri(gateway.path() + "x")).build())
                .json().path("error").asText(), "only forward-auth and paths below it are the gateway's");
    }

    @Test
    void expiredNotYetActiveDeletedAndDisabledKeysAreRefused(Admin admin, KeycloakServer server) throws Exception {
        Gateway gateway = new Gateway(server, realm);
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode deleted = me.createKey("deleted", null, null);
        gateway.check(deleted.path("secret").asText(), "203.0.113.7").expect(200);
        me.delete(deleted.path("id").asText()).expect(204);
        assertRefused(gateway.check(deleted.path("secret").asText(), "203.0.113.7"), 401, "api_key_invalid");
        assertFalse(gateway.introspect(deleted.path("secret").asText(), "203.0.113.7").expect(200).json().path("active").asBoolean());

        SelfService dormant = SelfService.newOwner(admin, server, realm);
        String dormantSecret = dormant.createKey("dormant", null, null).path("secret").asText();
        admin.updateUser(realm, dormant.userId(), Map.of("enabled", false));
        assertRefused(gateway.check(dormantSecret, "203.0.113.7"), 403, "user_disabled");
        assertFalse(gateway.introspect(dormantSecret, "203.0.113.7").expect(200).json().path("active").asBoolean());

        String delayed = gatewayRealm(admin, Map.of("activationDelaySeconds", 600));
        Gateway later = new Gateway(server, delayed);
        String pending = SelfService.signIn(server, admin.createUserWithOtp(delayed, "patient", Totp.randomSecret()))
                .createKey("later", null, null).path("secret").asText();
        assertRefused(later.check(pending, "203.0.113.7"), 403, "api_key_not_active");
        assertFalse(later.introspect(pending, "203.0.113.7").expect(200).json().path("active").asBoolean());

        String brief = gatewayRealm(admin, Map.of("unboundLifetimeSeconds", 5));
        Gateway hurried = new Gateway(server, brief);
        JsonNode key = SelfService.signIn(server, admin.createUserWithOtp(brief, "hurried", Totp.randomSecret()))
                .createKey("brief", null, null);
        hurried.check(key.path("secret").asText(), "203.0.113.7").expect(200);
        Thread.sleep(Math.max(0, key.path("expiresAt").asLong() - System.currentTimeMillis()) + 500);
        assertRefused(hurried.check(key.path("secret").asText(), "203.0.113.7"), 403, "api_key_expired");
        assertFalse(hurried.introspect(key.path("secret").asText(), "203.0.113.7").expect(200).json().path("active").asBoolean());
        RefusalEvents.assertRecorded(admin, brief, CHECK_ERRORS, "api_key_expired", key.path("id").asText());
    }

    @Test
    void wrongSecretsFromOneCallerThrottleOnlyThatCaller(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("hammered", null, null);
        String keyId = key.path("id").asText();
        Gateway gateway = new Gateway(server, realm);
        Pause.untilThrottleWindowHasRoom();

        for (int i = 0; i < 12; i++) {
            assertRefused(gateway.check(ApiKeySecret.generate(keyId, me.userId()), "192.0.2.66"), 401, "api_key_invalid");
        }

        assertRefused(gateway.check(key.path("secret").asText(), "192.0.2.66"), 401, "api_key_invalid");
        assertFalse(gateway.introspect(key.path("secret").asText(), "192.0.2.66").expect(200).json().path("active").asBoolean());
        gateway.check(key.path("secret").asText(), "192.0.2.67").expect(200);
        RefusalEvents.assertRecorded(admin, realm, CHECK_ERRORS, "api_key_throttled", keyId);
    }

    @Test
    void callersWithoutAnAddressAreNotThrottledTogether(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("shared", null, null);
        Gateway gateway = new Gateway(server, realm);
        Pause.untilThrottleWindowHasRoom();

        for (int i = 0; i < 12; i++) {
            assertRefused(gateway.check(ApiKeySecret.generate(key.path("id").asText(), me.userId()), null), 401, "api_key_invalid");
        }

        gateway.check(key.path("secret").asText(), null).expect(200);
        assertEquals(0, RefusalEvents.count(admin, realm, CHECK_ERRORS, "api_key_throttled", key.path("id").asText()),
                "one caller's wrong secrets never lock the key for the others behind the same gateway");
    }

    @Test
    void refusalEventsNameTheCallersAddressNotTheGateways(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("traced", null, null);
        new Gateway(server, realm).check(ApiKeySecret.generate(key.path("id").asText(), me.userId()), "198.51.100.77");

        boolean found = false;
        for (JsonNode event : admin.events(realm, Map.of("type", CHECK_ERRORS, "max", "200"))) {
            if (key.path("id").asText().equals(event.path("details").path("api_key_id").asText())) {
                assertEquals("198.51.100.77", event.path("ipAddress").asText(), event.toString());
                assertEquals("forward-auth", event.path("details").path("api_key_check").asText(), event.toString());
                found = true;
            }
        }
        assertTrue(found, "the refusal is recorded");
    }

    @Test
    void clientsThatAreNotGatewaysLearnNothingAboutTheKey(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("private", null, null).path("secret").asText();
        String unknown = ApiKeySecret.generate(ApiKeySecret.newKeyId(), me.userId());
        Gateway outsider = new Gateway(server, realm, OUTSIDER, OUTSIDER_SECRET);
        Gateway impostor = new Gateway(server, realm, Gateway.CLIENT, "not-the-secret");

        for (String address : new String[] {"203.0.113.7", null}) {
            HttpResult valid = outsider.check(secret, address);
            assertEquals(403, valid.status(), valid.body());
            assertEquals("unauthorized_client", valid.json().path("error").asText());
            assertEquals(valid.body(), outsider.check(unknown, address).body(), "the same answer for a valid key and none");
            HttpResult forged = impostor.check(secret, address);
            assertEquals(401, forged.status(), forged.body());
            assertEquals("invalid_client", forged.json().path("error").asText());
            assertTrue(forged.header("WWW-Authenticate").orElseThrow().startsWith("Basic"), forged.headers().toString());
            assertEquals(forged.body(), impostor.check(unknown, address).body());
            assertEquals(Map.of("active", false), Json.MAPPER.convertValue(outsider.introspect(secret, address).expect(200).json(), Map.class));
        }
        HttpResult anonymous = server.send(HttpRequest.newBuilder(server.uri(new Gateway(server, realm).path()))
                .header("X-API-Key", secret).header("X-Client-Address", "203.0.113.7").build());
        assertEquals(401, anonymous.status(), anonymous.body());
        assertEquals("invalid_client", anonymous.json().path("error").asText());

        // a body the gateway forwards must not choose the client: Keycloak prefers a form's client_id to the Basic header
        String gatewayBasic = "Basic " + Base64.getEncoder().encodeToString(
                (Gateway.CLIENT + ":" + Gateway.SECRET).getBytes(StandardCharsets.UTF_8));
        String outsiderBasic = "Basic " + Base64.getEncoder().encodeToString(
                (OUTSIDER + ":" + OUTSIDER_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> asOutsider = Map.of("client_id", OUTSIDER, "client_secret", OUTSIDER_SECRET);
        Map<String, String> asGateway = Map.of("client_id", Gateway.CLIENT, "client_secret", Gateway.SECRET);
        for (var attempt : List.of(Map.entry(gatewayBasic, asOutsider), Map.entry(outsiderBasic, asGateway))) {
            HttpResult smuggled = server.postForm(new Gateway(server, realm).path(), attempt.getValue(),
                    Map.of("Authorization", attempt.getKey(), "X-API-Key", secret, "X-Client-Address", "203.0.113.7"));
            assertEquals(401, smuggled.status(), smuggled.body());
            assertEquals("invalid_client", smuggled.json().path("error").asText());
        }
    }

    @Test
    void aGatewayMayNameTheHeaderThatCarriesTheAddressButNeverXForwardedFor(Admin admin, KeycloakServer server) {
        Gateway.addClient(admin, realm, "traefik", "traefik-secret", Map.of(Gateway.ATTRIBUTE, "true",
                "api-keys.gateway.address-header", "X-Real-Ip"));
        Gateway.addClient(admin, realm, "naive", "naive-secret", Map.of(Gateway.ATTRIBUTE, "true",
                "api-keys.gateway.address-header", "X-Forwarded-For"));
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("office", null, List.of("198.51.100.0/24")).path("secret").asText();
        Gateway traefik = new Gateway(server, realm, "traefik", "traefik-secret");
        Gateway naive = new Gateway(server, realm, "naive", "naive-secret");

        HttpResult passed = traefik.check("GET", traefik.path(), secret, "192.0.2.1", Map.of("X-Real-Ip", "198.51.100.4")).expect(200);
        assertTrue(passed.header("Vary").orElseThrow().contains("X-Real-Ip"), passed.headers().toString());
        assertRefused(traefik.check("GET", traefik.path(), secret, "198.51.100.4", Map.of("X-Real-Ip", "192.0.2.1")), 401, "api_key_invalid");
        assertRefused(naive.check("GET", naive.path(), secret, "192.0.2.1", Map.of("X-Forwarded-For", "198.51.100.4")), 401, "api_key_invalid");
        naive.check(secret, "198.51.100.4").expect(200);
        Gateway.addClient(admin, realm, "confused", "confused-secret", Map.of(Gateway.ATTRIBUTE, "true",
                "api-keys.gateway.address-header", "X-API-Key"));
        Gateway confused = new Gateway(server, realm, "confused", "confused-secret");
        confused.check(secret, "198.51.100.4").expect(200);
        assertRefused(confused.check(secret, "192.0.2.1"), 401, "api_key_invalid");
    }

    @Test
    void introspectionAnswersInRfc7662Terms(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm, "trader");
        JsonNode key = me.createKey("kong", List.of("trade"), List.of("198.51.100.0/24"));
        String secret = key.path("secret").asText();
        Gateway gateway = new Gateway(server, realm);

        JsonNode active = gateway.introspect(secret, "198.51.100.20").expect(200).json();

        assertTrue(active.path("active").asBoolean(), active.toString());
        assertEquals(me.userId(), active.path("sub").asText());
        assertEquals(me.user().username(), active.path("username").asText());
        assertEquals("read trade", active.path("scope").asText());
        assertEquals(Gateway.CLIENT, active.path("client_id").asText());
        assertEquals("api_key", active.path("token_type").asText());
        assertEquals(key.path("id").asText(), active.path("api_key_id").asText());
        assertEquals(key.path("expiresAt").asLong() / 1000, active.path("api_key_expires_at").asLong());
        long now = System.currentTimeMillis() / 1000;
        assertTrue(active.path("exp").asLong() > now - 5 && active.path("exp").asLong() <= now + 5,
                "exp says how long the answer may be kept (a second here), not the key's expiry: " + active);
        assertEquals(key.path("createdAt").asLong() / 1000, active.path("iat").asLong());

        for (HttpResult inactive : List.of(gateway.introspect(secret, "192.0.2.1"), gateway.introspect(secret, null),
                gateway.introspect("junk", "198.51.100.20"),
                gateway.introspect(ApiKeySecret.generate(key.path("id").asText(), me.userId()), "198.51.100.20"))) {
            assertEquals(Map.of("active", false), Json.MAPPER.convertValue(inactive.expect(200).json(), Map.class), inactive.request());
        }
        HttpResult badAddress = gateway.introspect(secret, "198.51.100.20, 10.0.0.1");
        assertEquals(400, badAddress.status(), badAddress.body());
        assertEquals("invalid_request", badAddress.json().path("error").asText());
        assertEquals(400, gateway.check(secret, "not-an-address").status());
        RefusalEvents.assertRecorded(admin, realm, CHECK_ERRORS, "api_key_ip_not_allowed", key.path("id").asText());
    }

    @Test
    void checksAndRefusalsAreCountedInKeycloaksEventMetrics(Admin admin, KeycloakServer server) throws Exception {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("counted", null, null);
        Gateway gateway = new Gateway(server, realm);
        double passedBefore = RefusalEvents.counted(server, realm, "introspect_token", null);
        double mismatchBefore = RefusalEvents.counted(server, realm, "introspect_token", "api_key_secret_mismatch");

        gateway.check(key.path("secret").asText(), "203.0.113.7").expect(200);
        gateway.check(key.path("secret").asText(), "203.0.113.7").expect(200);
        gateway.check(ApiKeySecret.generate(key.path("id").asText(), me.userId()), "203.0.113.8");

        assertEquals(passedBefore + 2, RefusalEvents.counted(server, realm, "introspect_token", null));
        assertEquals(mismatchBefore + 1, RefusalEvents.counted(server, realm, "introspect_token", "api_key_secret_mismatch"));
    }

    @Test
    void aRealmMayLetGatewaysCachePassingAnswersBriefly(Admin admin, KeycloakServer server) {
        String cached = gatewayRealm(admin, Map.of("gateway", Map.of("cacheSeconds", 30)));
        String secret = SelfService.signIn(server, admin.createUserWithOtp(cached, "cached", Totp.randomSecret()))
                .createKey("cached", null, null).path("secret").asText();
        Gateway gateway = new Gateway(server, cached);

        HttpResult passed = gateway.check(secret, "203.0.113.7").expect(200);
        assertEquals("max-age=30", passed.header("Cache-Control").orElseThrow());
        assertEquals("Authorization, X-API-Key, X-Client-Address, X-Required-Scope", passed.header("Vary").orElseThrow(),
                "a cache must not hand one caller's answer to another");
        assertEquals("no-store", gateway.check(null, "203.0.113.7").header("Cache-Control").orElseThrow(),
                "refusals are never cached");
        assertEquals("no-store", gateway.check("GET", gateway.path() + "?scope=read", secret, "203.0.113.7", Map.of())
                .expect(200).header("Cache-Control").orElseThrow(), "a route's check is not kept: its URL may be the route's only difference");
        String bound = SelfService.signIn(server, admin.createUserWithOtp(cached, "bound", Totp.randomSecret()))
                .createKey("bound", null, List.of("203.0.113.0/24")).path("secret").asText();
        assertEquals("no-store", gateway.check(bound, "203.0.113.7").expect(200).header("Cache-Control").orElseThrow(),
                "a key with an allow-list is checked on every request: a cache could serve its answer to another address");
        long exp = gateway.introspect(secret, "203.0.113.7").expect(200).json().path("exp").asLong();
        assertTrue(exp >= System.currentTimeMillis() / 1000 + 25, "introspection's exp follows the same rule: " + exp);
        HttpResult tooLong = admin.put(Admin.realmPath(cached) + "/api-keys/policy", Map.of("gateway", Map.of("cacheSeconds", 3600)));
        assertEquals(400, tooLong.status(), tooLong.body());
    }

    private static void assertRefused(HttpResult result, int status, String error) {
        assertEquals(status, result.status(), result.request() + ": " + result.body());
        assertEquals(error, result.json().path("error").asText(), result.body());
        assertEquals("no-store", result.header("Cache-Control").orElseThrow());
        String challenge = result.header("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("ApiKey realm=") && challenge.contains("error=\"" + error + "\""), challenge);
    }
}
