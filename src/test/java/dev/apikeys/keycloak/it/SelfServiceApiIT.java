package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import dev.apikeys.keycloak.credential.SecretHasher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KeycloakExtension.class)
final class SelfServiceApiIT {

    private static final long DAY = 24L * 3600 * 1000;
    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/base.json");
    }

    @Test
    void policyShowsTheDefaultsAndWhetherTheUserHasOtp(Admin admin, KeycloakServer server) {
        JsonNode policy = SelfService.newOwner(admin, server, realm).policy().expect(200).json();

        assertEquals(List.of("read", "trade", "withdraw"), strings(policy.path("scopes")));
        assertEquals(List.of("withdraw"), strings(policy.path("ipRequiredScopes")));
        assertEquals(50, policy.path("maxKeysPerUser").asInt());
        assertEquals(50, policy.path("maxIpsPerKey").asInt());
        assertEquals(64, policy.path("labelMaxLength").asInt());
        assertEquals("read", policy.path("alwaysGranted").asText());
        assertEquals(List.of(List.of("read"), List.of("read", "trade"), List.of("read", "trade", "withdraw")),
                StreamSupport.stream(policy.path("permissionLevels").spliterator(), false).map(SelfServiceApiIT::strings).toList());
        assertEquals(8, policy.path("minIpv4Prefix").asInt());
        assertEquals(32, policy.path("minIpv6Prefix").asInt());
        assertEquals(90L * 24 * 3600, policy.path("unboundLifetimeSeconds").asLong());
        assertEquals(365L * 24 * 3600, policy.path("ipBoundLifetimeSeconds").asLong());
        assertEquals(0, policy.path("activationDelaySeconds").asLong());
        assertTrue(policy.path("otpRequired").asBoolean());
        assertEquals(5, policy.path("otpMaxFailures").asInt());
        assertEquals(900, policy.path("otpLockoutSeconds").asLong());
        assertTrue(policy.path("otpConfigured").asBoolean());
        assertEquals(0, policy.path("keyCount").asInt());

        TestUser withoutOtp = admin.createUser(realm, "no-otp-" + UUID.randomUUID());
        assertFalse(SelfService.signIn(server, withoutOtp).policy().expect(200).json().path("otpConfigured").asBoolean());
    }

    @Test
    void createdKeyShowsItsSecretOnceAndNeverAgain(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        long before = System.currentTimeMillis();

        HttpResult answer = me.create("trading bot", List.of("trade"), null).expect(201);
        JsonNode created = answer.json();
        assertEquals("no-store", answer.header("Cache-Control").orElse(""), "the secret must not be cached");

        String id = created.path("id").asText();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertEquals(id, created.path("accessKey").asText());
        assertTrue(created.path("secret").asText().startsWith("kcak_"));
        assertEquals("trading bot", created.path("label").asText());
        assertEquals(List.of("read", "trade"), strings(created.path("scopes")));
        assertEquals(List.of(), strings(created.path("ipAllowList")));
        assertEquals("active", created.path("status").asText());
        long createdAt = created.path("createdAt").asLong();
        assertTrue(createdAt >= before - 5000, "createdAt " + createdAt);
        assertEquals(createdAt + 90 * DAY, created.path("expiresAt").asLong(), 5000);
        assertTrue(created.path("lastUsedAt").isMissingNode());

        JsonNode listed = me.list().expect(200).json();
        assertEquals(1, listed.size());
        assertEquals(id, listed.get(0).path("id").asText());
        assertTrue(listed.get(0).path("secret").isMissingNode());
        JsonNode fetched = me.get("/" + id).expect(200).json();
        assertEquals("trading bot", fetched.path("label").asText());
        assertTrue(fetched.path("secret").isMissingNode());
        assertFalse(me.list().body().contains(created.path("secret").asText()));
    }

    @Test
    void keysAreStoredAsAPepperedHashThatNoApiReveals(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("stored", null, null).path("secret").asText();

        JsonNode credentials = admin.get("/admin/realms/" + realm + "/users/" + me.userId() + "/credentials").expect(200).json();

        JsonNode stored = null;
        for (JsonNode credential : credentials) {
            if ("api-key".equals(credential.path("type").asText())) {
                stored = credential;
            }
        }
        assertTrue(stored != null, credentials.toString());
        assertEquals("hmac-sha256", Json.parse(stored.path("credentialData").asText()).path("algorithm").asText(),
                "a server with a pepper stores HMAC-SHA256 hashes");
        String everything = credentials.toString();
        assertFalse(everything.contains(secret.substring(ApiKeySecret.PREFIX.length())), "no secret in Keycloak's credential API");
        assertFalse(everything.contains(new SecretHasher(HarnessSettings.PEPPER).hash(secret)), "nor its hash");
        assertFalse(everything.contains(new SecretHasher(null).hash(secret)), "nor a plain SHA-256 of it");
    }

    @Test
    void ipBoundKeysLiveLongerAndMayWithdraw(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);

        JsonNode created = me.createKey("withdrawals", List.of("read", "trade", "withdraw"),
                List.of("203.0.113.7", "2001:DB8::1", "198.51.100.0/24", "203.0.113.7/32"));

        assertEquals(List.of("read", "trade", "withdraw"), strings(created.path("scopes")));
        assertEquals(List.of("203.0.113.7", "2001:db8::1", "198.51.100.0/24"), strings(created.path("ipAllowList")));
        assertEquals(created.path("createdAt").asLong() + 365 * DAY, created.path("expiresAt").asLong(), 5000);
    }

    @Test
    void unicodeLabelsAreKeptNormalized(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);

        JsonNode created = me.createKey("  Café 🤖 ボット  ", null, null);

        assertEquals("Café 🤖 ボット", created.path("label").asText());
        assertEquals(List.of("read"), strings(created.path("scopes")));
    }

    @Test
    void labelsThatPassForAnotherOrShowNothingAreRefused(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String id = me.createKey("my bot", null, null).path("id").asText();

        for (String lookalike : List.of("my bot\u00a0", "my bot\u202f", "my bot\u2007", "my bot\u3164", "My Bot\u2800",
                "my\u00a0bot", "\uff4d\uff59 bot", "my  bot", "my\u2800bot", "my\u3164bot", "my\uffa0bot")) {
            assertError(withoutCode(me, lookalike), 409, "label_taken");
        }
        for (String invisible : List.of("\u00a0", "\u3164", "\u2800", "\u115f", "\u2007\u202f\u3000", "\ud81b\udfe4",
                "\ud834\udd59", "\u0301", "\ue000", "x" + " ".repeat(65_000) + "x")) {
            assertError(withoutCode(me, invisible), 400, "label_invalid");
        }
        assertEquals(List.of("my bot"), me.list().expect(200).json().findValuesAsText("label"), "nothing else was saved");

        JsonNode emoji = me.createKey("\u2764\ufe0f my bot", null, null);
        assertEquals("\u2764\ufe0f my bot", emoji.path("label").asText(), "a variation selector is kept as typed");
        me.update(id, Map.of("label", "my bot", "scopes", List.of("read"))).expect(200);
    }

    /** The label is checked before the step-up: a refused label costs no code (and this one sends none). */
    private static HttpResult withoutCode(SelfService me, String label) {
        return me.send("POST", "", null, Json.write(Map.of("label", label)));
    }

    @Test
    void keysCanBeEditedAndRulesStillHold(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String bound = me.createKey("bound", List.of("withdraw"), List.of("192.0.2.1")).path("id").asText();
        me.createKey("other", null, null);

        JsonNode edited = me.update(bound, Map.of("label", "renamed", "ipAllowList", List.of("192.0.2.1", "192.0.2.2")))
                .expect(200).json();
        assertEquals("renamed", edited.path("label").asText());
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), strings(edited.path("ipAllowList")));
        assertEquals(List.of("read", "withdraw"), strings(edited.path("scopes")));

        assertError(me.update(bound, Map.of("label", "OTHER")), 409, "label_taken");
        assertError(me.update(bound, Map.of("ipAllowList", List.of())), 400, "scope_requires_ip");

        JsonNode unbound = me.update(bound, Map.of("scopes", List.of("trade"), "ipAllowList", List.of())).expect(200).json();
        assertEquals(List.of("read", "trade"), strings(unbound.path("scopes")));
        assertEquals(List.of(), strings(unbound.path("ipAllowList")));
        assertTrue(unbound.path("expiresAt").asLong() <= System.currentTimeMillis() + 90 * DAY + 5000,
                "losing the IP binding caps the expiry at the shorter lifetime");
        assertEquals("renamed", me.get("/" + bound).expect(200).json().path("label").asText());
    }

    @Test
    void renewingMovesTheExpiryToOneFullLifetimeFromNow(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String id = me.createKey("short-lived", null, null).path("id").asText();
        long firstExpiry = me.get("/" + id).expect(200).json().path("expiresAt").asLong();

        JsonNode renewed = me.renew(id).expect(200).json();

        assertTrue(renewed.path("expiresAt").asLong() >= firstExpiry, "renewal never shortens the key");
        assertEquals(System.currentTimeMillis() + 90 * DAY, renewed.path("expiresAt").asLong(), 10_000);
        assertEquals(id, renewed.path("id").asText());
    }

    @Test
    void keysCanBeDeletedOneByOneOrAllAtOnce(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String first = me.createKey("first", null, null).path("id").asText();
        me.createKey("second", null, null);
        me.createKey("third", null, null);

        me.delete(first).expect(204);
        assertEquals(2, me.list().expect(200).json().size());
        assertError(me.get("/" + first), 404, "not_found");
        assertError(me.delete(first), 404, "not_found");

        me.deleteAll().expect(204);
        assertEquals(0, me.list().expect(200).json().size());

        List<String> removed = new java.util.ArrayList<>();
        for (JsonNode event : admin.events(realm, Map.of("user", me.userId(), "type", "REMOVE_CREDENTIAL", "max", "50"))) {
            assertEquals("delete", event.path("details").path("api_key_action").asText(), event.toString());
            removed.add(event.path("details").path("credential_id").asText());
        }
        assertEquals(3, removed.size(), "one event per deleted key, delete-all included: " + removed);
        assertEquals(3, new java.util.HashSet<>(removed).size(), removed.toString());
    }

    @Test
    void otherUsersKeysAreInvisible(Admin admin, KeycloakServer server) {
        SelfService owner = SelfService.newOwner(admin, server, realm);
        SelfService stranger = SelfService.newOwner(admin, server, realm);
        String id = owner.createKey("mine", null, null).path("id").asText();

        assertError(stranger.get("/" + id), 404, "not_found");
        assertError(stranger.delete(id), 404, "not_found");
        assertError(stranger.update(id, Map.of("label", "stolen")), 404, "not_found");
        stranger.deleteAll().expect(204);
        assertEquals(1, owner.list().expect(200).json().size());
    }

    @Test
    void badInputGetsAStableErrorAndWritesNothing(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        me.createKey("taken", null, null);

        assertError(me.create("", null, null), 400, "label_invalid");
        assertError(me.create("x".repeat(65), null, null), 400, "label_invalid");
        assertError(me.create("line\nbreak", null, null), 400, "label_invalid");
        assertError(me.create("TAKEN", null, null), 409, "label_taken");
        assertError(me.create("scopes", List.of("admin"), null), 400, "scope_unknown");
        assertError(me.create("withdraw", List.of("withdraw"), null), 400, "scope_requires_ip");
        assertError(me.create("ips", null, List.of("10.0.0.1", "not-an-ip")), 400, "ip_invalid");
        assertError(me.create("wide", null, List.of("0.0.0.0/0")), 400, "ip_invalid");

        assertEquals(1, me.list().expect(200).json().size());
    }

    @Test
    void malformedRequestsGetAStableErrorAndWriteNothing(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        me.createKey("kept", null, null);

        assertError(me.send("POST", "", me.otp(), "{\"label\":"), 400, "invalid_json");
        assertError(me.send("POST", "", me.otp(), "{\"label\":\"a\",\"admin\":true}"), 400, "unknown_field");
        assertError(me.send("POST", "", me.otp(), "{\"label\":42}"), 400, "invalid_request");
        assertError(me.send("POST", "", me.otp(), "{\"label\":\"a\",\"scopes\":\"trade\"}"), 400, "invalid_request");
        assertError(me.send("POST", "", me.otp(), "{\"label\":\"" + "a".repeat(70_000) + "\"}"), 413, "request_too_large");
        assertError(me.send("PUT", "/" + "0".repeat(32), me.otp(), "{\"label\":\"x\"}"), 404, "not_found");
        assertError(me.send("PUT", "/NOT-A-KEY%20ID", me.otp(), "{}"), 404, "not_found");

        assertEquals(1, me.list().expect(200).json().size());
    }

    @Test
    void limitsOnKeysAndIpsComeFromThePolicy(Admin admin, KeycloakServer server) {
        String limited = admin.importRealm("realms/base.json", Map.of("maxKeysPerUser", 2, "maxIpsPerKey", 3));
        TestUser user = admin.createUserWithOtp(limited, "limited", Totp.randomSecret());
        SelfService me = SelfService.signIn(server, user);

        assertError(me.create("ips", null, List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4")), 400, "too_many_ips");
        me.createKey("one", null, List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"));
        me.createKey("two", null, null);
        assertError(me.create("three", null, null), 409, "too_many_keys");
        assertEquals(2, me.policy().expect(200).json().path("keyCount").asInt());
    }

    @Test
    void activationDelayKeepsNewKeysPending(Admin admin, KeycloakServer server) {
        String delayed = admin.importRealm("realms/base.json", Map.of("activationDelaySeconds", 900));
        SelfService me = SelfService.signIn(server, admin.createUserWithOtp(delayed, "patient", Totp.randomSecret()));

        JsonNode created = me.createKey("coinex-style", null, null);

        assertEquals("pending", created.path("status").asText());
        assertEquals(created.path("createdAt").asLong() + 900_000, created.path("activeFrom").asLong());
    }

    @Test
    void everyChangeIsAUserEventWithoutTheSecret(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode created = me.createKey("audited", null, null);
        String id = created.path("id").asText();
        me.update(id, Map.of("label", "audited-2")).expect(200);
        me.renew(id).expect(200);
        me.delete(id).expect(204);
        me.create("", null, null);

        JsonNode events = admin.events(realm, Map.of("user", me.userId(), "max", "50"));
        assertFalse(events.toString().contains(created.path("secret").asText()));
        List<String> actions = new java.util.ArrayList<>();
        for (JsonNode event : events) {
            JsonNode details = event.path("details");
            if ("api-key".equals(details.path("credential_type").asText()) && !event.path("type").asText().endsWith("_ERROR")) {
                assertEquals(id, details.path("credential_id").asText(), event.toString());
                actions.add(event.path("type").asText() + ":" + details.path("api_key_action").asText());
            }
        }
        assertEquals(List.of("REMOVE_CREDENTIAL:delete", "UPDATE_CREDENTIAL:renew", "UPDATE_CREDENTIAL:update",
                "UPDATE_CREDENTIAL:create"), actions);
        boolean refusalRecorded = false;
        for (JsonNode event : events) {
            refusalRecorded |= "UPDATE_CREDENTIAL_ERROR".equals(event.path("type").asText())
                    && "label_invalid".equals(event.path("error").asText());
        }
        assertTrue(refusalRecorded, "refusals are audited too: " + events);
    }

    @Test
    void callersWithoutAnAccountTokenAreRefused(Admin admin, KeycloakServer server) {
        HttpResult anonymous = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/api-keys")).GET().build());
        assertError(anonymous, 401, "not_authenticated");

        HttpResult forged = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/api-keys"))
                .header("Authorization", "Bearer not.a.token").GET().build());
        assertError(forged, 401, "not_authenticated");

        // not one bearer token: Keycloak's authenticator throws its own bare 401, which must not reach the caller
        for (String authorization : new String[] {"Basic Zm9vOmJhcg==", "Bearer a b", "Bearer", "DPoP"}) {
            for (String path : new String[] {"", "/policy", "/addresses", "/addresses/management"}) {
                HttpResult refused = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/api-keys" + path))
                        .header("Authorization", authorization).GET().build());
                assertError(refused, 401, "not_authenticated");
                assertEquals("no-store", refused.header("Cache-Control").orElse(""), authorization + " " + path);
                assertEquals("Bearer", refused.header("WWW-Authenticate").orElse(""), authorization + " " + path);
            }
        }

        admin.post("/admin/realms/" + realm + "/clients", Map.of("clientId", "robot", "secret", "robot-secret",
                "publicClient", false, "serviceAccountsEnabled", true, "standardFlowEnabled", false)).expect(201);
        String robotToken = server.tokenRequest(realm, Map.of("grant_type", "client_credentials",
                "client_id", "robot", "client_secret", "robot-secret")).expect(200).json().path("access_token").asText();
        HttpResult robot = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/api-keys"))
                .header("Authorization", "Bearer " + robotToken).GET().build());
        assertError(robot, 403, "forbidden");
        assertTrue(robot.json().path("error_description").asText().contains("service account"), robot.body());

        TestUser noAccount = admin.createUser(realm, "no-account-" + UUID.randomUUID());
        admin.revokeDefaultRoles(realm, noAccount.id());
        assertError(new SelfService(server, noAccount, new DirectGrant(server).accessToken(noAccount)).list(),
                401, "not_authenticated");

        TestUser viewOnly = admin.createUser(realm, "view-only-" + UUID.randomUUID());
        admin.revokeDefaultRoles(realm, viewOnly.id());
        admin.grantClientRole(realm, viewOnly.id(), "account", "view-profile");
        HttpResult readOnly = new SelfService(server, viewOnly, new DirectGrant(server).accessToken(viewOnly)).list();
        assertError(readOnly, 403, "forbidden");
        assertTrue(readOnly.json().path("error_description").asText().contains("manage-account"), readOnly.body());
    }

    @Test
    void corsPreflightAllowsTheOtpHeader(KeycloakServer server) {
        HttpResult preflight = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/api-keys"))
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-otp")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());

        assertEquals(200, preflight.status());
        String allowed = preflight.header("Access-Control-Allow-Headers").orElse("");
        assertTrue(allowed.contains("X-OTP"), allowed);
        assertTrue(allowed.contains("DPoP"), "a DPoP-bound account token's proof, as Keycloak's account API allows: " + allowed);
        assertTrue(preflight.header("Access-Control-Allow-Methods").orElse("").contains("DELETE"));
    }

    @Test
    void answersCarryCorsHeadersOnlyForTheTokensWebOrigins(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String token = me.token();

        HttpResult allowed = server.send(HttpRequest.newBuilder(server.uri(me.path("")))
                .header("Authorization", "Bearer " + token).header("Origin", "http://localhost:3000").GET().build());
        HttpResult foreign = server.send(HttpRequest.newBuilder(server.uri(me.path("")))
                .header("Authorization", "Bearer " + token).header("Origin", "https://evil.example").GET().build());

        assertEquals(200, allowed.status(), allowed.toString());
        assertEquals("http://localhost:3000", allowed.header("Access-Control-Allow-Origin").orElse(""));
        assertTrue(foreign.header("Access-Control-Allow-Origin").isEmpty(),
                "an origin the client does not list gets no CORS grant: " + foreign.headers());
    }

    static void assertError(HttpResult result, int status, String code) {
        assertEquals(status, result.status(), result.toString());
        assertEquals(code, result.json().path("error").asText(), result.body());
        assertFalse(result.json().path("error_description").asText().isBlank(), result.body());
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
