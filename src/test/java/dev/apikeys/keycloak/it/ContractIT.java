package dev.apikeys.keycloak.it;

import static dev.apikeys.keycloak.it.TokenExchangeIT.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Promises of the README that no other test would notice breaking: what the events say, what the exchange refuses,
 * what Keycloak's own account API cannot do to a key, caching headers, and the throttle's end. Event assertions
 * name the key (or the client) they expect, so that no other test's event can satisfy them.
 */
@ExtendWith(KeycloakExtension.class)
final class ContractIT {

    /** LockProbe.MAX_SECONDS: the probe lives in the test servers' own jar. */
    private static final int LOCK_PROBE_MAX_SECONDS = 60;

    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/exchange.json");
        admin.bindDirectGrantFlow(realm, "bot-login", "api-key direct grant");
        admin.bindDirectGrantFlow(realm, "login-without-mapper", "api-key direct grant");
    }

    @Test
    void refusalEventsNameTheKeyAndTheirReason(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String id = me.createKey("refused", null, null).path("id").asText();

        new KeyExchange(server, realm).exchange(ApiKeySecret.generate(id, me.userId()));

        JsonNode event = event(admin, "TOKEN_EXCHANGE_ERROR", "api_key_id", id);
        assertEquals("api_key_secret_mismatch", event.path("error").asText());
        assertEquals("api_key_secret_mismatch", event.path("details").path("reason").asText());
        assertEquals(me.userId(), event.path("userId").asText());
    }

    @Test
    void clientsThatMayNotUseKeysAreRefusedWithAnEvent(Admin admin, KeycloakServer server) {
        String secret = SelfService.newOwner(admin, server, realm).createKey("misdirected", null, null).path("secret").asText();

        assertOAuthError(server.tokenRequest(realm, KeyExchange.form("no-exchange", "no-exchange-secret", secret, null)),
                "unauthorized_client");
        assertOAuthError(keyLogin(server, "login-without-mapper", "login-without-mapper-secret", secret), "unauthorized_client");

        assertEquals("not_allowed", clientEvent(admin, "TOKEN_EXCHANGE_ERROR", "no-exchange").path("error").asText());
        assertEquals("api_key_mapper_missing", clientEvent(admin, "LOGIN_ERROR", "login-without-mapper").path("error").asText());
    }

    @Test
    void aKeyLoginIsALoginEventNamingTheKey(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("logging in", null, null);

        keyLogin(server, "bot-login", "bot-login-secret", key.path("secret").asText()).expect(200);

        JsonNode event = event(admin, "LOGIN", "api_key_id", key.path("id").asText());
        assertEquals(me.userId(), event.path("userId").asText());
        assertEquals("bot-login", event.path("clientId").asText());
    }

    @Test
    void userEventsNameTheKeyAndItsLabelAndRefusedDeletesAreRecorded(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String id = me.createKey("audited label", null, null).path("id").asText();

        JsonNode created = event(admin, "UPDATE_CREDENTIAL", "credential_id", id);
        assertEquals("audited label", created.path("details").path("credential_user_label").asText());
        assertEquals("create", created.path("details").path("api_key_action").asText());

        HttpResult refused = me.send("DELETE", "/" + id, "000000".equals(me.otp()) ? "111111" : "000000", null);
        assertEquals(401, refused.status(), refused.toString());
        JsonNode refusal = event(admin, "REMOVE_CREDENTIAL_ERROR", "credential_id", id);
        assertEquals("otp_invalid", refusal.path("error").asText());
    }

    @Test
    void theExchangeRefusesAudiencesResourcesAndOtherTokenTypes(Admin admin, KeycloakServer server) {
        String secret = SelfService.newOwner(admin, server, realm).createKey("plain", null, null).path("secret").asText();

        for (Map.Entry<String, String> extra : Map.of("audience", "account", "resource", "https://api.example.test",
                "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token").entrySet()) {
            Map<String, String> form = new LinkedHashMap<>(KeyExchange.form(KeyExchange.CLIENT, KeyExchange.CLIENT_SECRET, secret, null));
            form.put(extra.getKey(), extra.getValue());
            assertOAuthError(server.tokenRequest(realm, form), "invalid_request");
        }
        new KeyExchange(server, realm).exchange(secret).expect(200);
    }

    @Test
    void keycloaksOwnAccountApiCannotDeleteAKey(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("kept", null, null);

        HttpResult deleted = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/account/credentials/"
                        + key.path("id").asText()))
                .header("Authorization", "Bearer " + me.token()).DELETE().build());

        assertNotEquals(204, deleted.status(), deleted.toString());
        new KeyExchange(server, realm).exchange(key.path("secret").asText()).expect(200);
    }

    @Test
    void noAnswerAboutKeysMayBeCached(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("uncached", null, null);
        String id = key.path("id").asText();

        List<HttpResult> answers = List.of(me.policy(), me.list(), me.get("/" + id), me.get("/" + id + "/activity"),
                me.update(id, Map.of("label", "still uncached")), me.renew(id), me.get("/no-such-key"),
                me.create("", null, null), me.delete(id));

        List<HttpResult> adminAnswers = List.of(admin.get(Admin.realmPath(realm) + "/api-keys/users/" + me.userId()),
                admin.get(Admin.realmPath(realm) + "/api-keys/policy"),
                admin.get(Admin.realmPath(realm) + "/api-keys/users/no-such-user"));
        for (HttpResult answer : java.util.stream.Stream.concat(answers.stream(), adminAnswers.stream()).toList()) {
            assertEquals("no-store", answer.header("Cache-Control").orElse(""), answer.toString());
        }
        HttpResult unauthenticated = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/api-keys")).GET().build());
        assertEquals(401, unauthenticated.status());
        assertEquals("no-store", unauthenticated.header("Cache-Control").orElse(""), unauthenticated.toString());
    }

    @Test
    void aThrottledKeyWorksAgainInTheNextWindow(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("throttled", null, null);
        String wrong = ApiKeySecret.generate(key.path("id").asText(), me.userId());
        KeyExchange exchange = new KeyExchange(server, realm);
        Pause.untilThrottleWindowHasRoom();
        for (int i = 0; i < 10; i++) {
            exchange.exchange(wrong);
        }
        assertOAuthError(exchange.exchange(key.path("secret").asText()), "invalid_grant");

        long secondOfWindow = System.currentTimeMillis() / 1000 % 60;
        Pause.of(java.time.Duration.ofSeconds(61 - secondOfWindow));

        exchange.exchange(key.path("secret").asText()).expect(200);
    }

    @Test
    void aChangeWaitsForAnotherChangeOfTheSameUserAndGivesUpWithNothingSaved(Admin admin, KeycloakServer server) {
        SelfService blocked = SelfService.newOwner(admin, server, realm);
        holdKeyLock(server, blocked, 60).expect(204);

        HttpResult refused = blocked.create("waited too long", null, null);

        SelfServiceApiIT.assertError(refused, 409, "concurrent_change");
        assertEquals(0, blocked.list().expect(200).json().size(), "nothing was saved");

        SelfService waiting = SelfService.newOwner(admin, server, realm);
        holdKeyLock(server, waiting, 3).expect(204);
        holdKeyLock(server, waiting, 3).expect(409);

        waiting.createKey("waited its turn", null, null);
        assertEquals(1, waiting.list().expect(200).json().size());
    }

    @Test
    void theTestServersLockProbeGivesAStrangerNothing(Admin admin, KeycloakServer server) {
        SelfService user = SelfService.newOwner(admin, server, realm);
        for (String presented : new String[] {null, "", "wrong", HarnessSettings.PROBE_SECRET + "x"}) {
            for (String userId : List.of(user.userId(), UUID.randomUUID().toString())) {
                HttpResult refused = probe(server, userId, 600, presented);
                assertEquals(404, refused.status(), "no lock, and no word on whether the user exists: " + refused);
            }
        }
        assertEquals(400, holdKeyLock(server, user, LOCK_PROBE_MAX_SECONDS + 1).status(), "seconds are capped");

        user.createKey("never blocked by a stranger", null, null);
    }

    /** Holds the user's key lock as a slow change on another node would ({@code LockProbe}, test servers only). */
    private static HttpResult holdKeyLock(KeycloakServer server, SelfService user, int seconds) {
        return probe(server, user.userId(), seconds, HarnessSettings.PROBE_SECRET);
    }

    private static HttpResult probe(KeycloakServer server, String userId, int seconds, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/realms/" + realm + "/it-lock-probe/" + userId
                + "?seconds=" + seconds)).POST(HttpRequest.BodyPublishers.noBody());
        if (secret != null) {
            request.header(HarnessSettings.PROBE_SECRET_HEADER, secret);
        }
        return server.send(request.build());
    }

    private static HttpResult keyLogin(KeycloakServer server, String clientId, String clientSecret, String secret) {
        return server.tokenRequest(realm, Map.of("grant_type", "password", "client_id", clientId,
                "client_secret", clientSecret, "api_key", secret));
    }

    /** The newest event of the type whose detail has the value (the key it names). */
    private static JsonNode event(Admin admin, String type, String detail, String value) {
        for (JsonNode event : admin.events(realm, Map.of("type", type, "max", "1000"))) {
            if (value.equals(event.path("details").path(detail).asText())) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event with " + detail + "=" + value);
    }

    private static JsonNode clientEvent(Admin admin, String type, String clientId) {
        JsonNode events = admin.events(realm, Map.of("type", type, "client", clientId, "max", "1"));
        assertTrue(events.size() == 1, "no " + type + " event of client " + clientId);
        return events.get(0);
    }
}
