package dev.apikeys.keycloak.it;

import static dev.apikeys.keycloak.it.SelfServiceApiIT.assertError;
import static dev.apikeys.keycloak.it.SelfServiceApiIT.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Administrators set the realm policy and see or revoke any user's keys; every change is an admin event. */
@ExtendWith(KeycloakExtension.class)
final class AdminApiIT {

    @Test
    void policyCanBeReadAndChangedPartially(Admin admin) {
        String realm = admin.importRealm("realms/base.json");
        String path = "/admin/realms/" + realm + "/api-keys/policy";

        JsonNode defaults = admin.get(path).expect(200).json();
        assertEquals(List.of("read", "trade", "withdraw"), strings(defaults.path("scopes")));
        assertTrue(defaults.path("otpRequired").asBoolean());

        JsonNode changed = admin.put(path, Map.of("scopes", List.of("read", "trade", "withdraw", "margin"),
                "ipRequiredScopes", List.of("withdraw", "margin"), "unboundLifetimeSeconds", 0,
                "labelPattern", "(?=.*[A-Z])(?=.*[a-z])(?=.*\\d).+")).expect(200).json();
        assertEquals(List.of("withdraw", "margin"), strings(changed.path("ipRequiredScopes")));
        assertEquals(50, changed.path("maxKeysPerUser").asInt());

        JsonNode reread = admin.get(path).expect(200).json();
        assertEquals(changed, reread);
        assertEquals(0, reread.path("unboundLifetimeSeconds").asLong());

        assertError(admin.put(path, Map.of("scopes", List.of("trade"))), 400, "policy_invalid");
        assertError(admin.put(path, Map.of("maxKeysPerUser", 0)), 400, "policy_invalid");
        assertError(admin.put(path, Map.of("labelPattern", "([")), 400, "policy_invalid");
        assertError(admin.put(path, Map.of("maxKeyz", 3)), 400, "unknown_field");
        assertEquals(reread, admin.get(path).expect(200).json());

        JsonNode events = admin.adminEvents(realm, Map.of("operationTypes", "UPDATE"));
        assertTrue(events.toString().contains("api-keys/policy"), events.toString());
    }

    @Test
    void theLabelPatternAppliesToNewAndRenamedKeys(Admin admin, KeycloakServer server) {
        String realm = admin.importRealm("realms/base.json", Map.of("labelPattern", "(?=.*[A-Z])(?=.*[a-z])(?=.*\\d).+"));
        SelfService me = SelfService.signIn(server, admin.createUserWithOtp(realm, "emirex", Totp.randomSecret()));

        assertError(me.create("lowercase only", null, null), 400, "label_invalid");
        String id = me.createKey("Bot1", null, null).path("id").asText();
        assertError(me.update(id, Map.of("label", "BOT")), 400, "label_invalid");
        assertEquals(List.of("Bot1"), labels(me.list().expect(200).json()));
    }

    @Test
    void viewRolesMayReadButNotChange(Admin admin, KeycloakServer server) {
        String realm = admin.importRealm("realms/base.json");
        TestUser holder = admin.createUserWithOtp(realm, "holder", Totp.randomSecret());
        String keyId = SelfService.signIn(server, holder).createKey("kept", null, null).path("id").asText();
        TestUser auditor = admin.createUser(realm, "auditor");
        admin.grantClientRole(realm, auditor.id(), "realm-management", "view-users");
        admin.grantClientRole(realm, auditor.id(), "realm-management", "view-realm");
        String token = new DirectGrant(server).accessToken(auditor);
        String base = "/admin/realms/" + realm + "/api-keys";

        assertEquals(List.of("kept"), labels(asAdmin(server, token, "GET", base + "/users/" + holder.id(), null).expect(200).json()));
        asAdmin(server, token, "GET", base + "/policy", null).expect(200);
        assertError(asAdmin(server, token, "DELETE", base + "/users/" + holder.id() + "/" + keyId, null), 403, "forbidden");
        assertError(asAdmin(server, token, "DELETE", base + "/users/" + holder.id(), null), 403, "forbidden");
        assertError(asAdmin(server, token, "PUT", base + "/policy", "{\"maxKeysPerUser\":1}"), 403, "forbidden");

        assertEquals(List.of("kept"), labels(admin.get(base + "/users/" + holder.id()).expect(200).json()));
        assertEquals(50, admin.get(base + "/policy").expect(200).json().path("maxKeysPerUser").asInt());
    }

    private static HttpResult asAdmin(KeycloakServer server, String token, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        return server.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void neverExpiringKeysFollowTheChangedPolicy(Admin admin, KeycloakServer server) {
        String realm = admin.importRealm("realms/base.json", Map.of("unboundLifetimeSeconds", 0));
        SelfService me = SelfService.signIn(server, admin.createUserWithOtp(realm, "forever", Totp.randomSecret()));

        JsonNode created = me.createKey("forever", null, null);

        assertTrue(created.path("expiresAt").isMissingNode(), created.toString());
        assertEquals("active", created.path("status").asText());
    }

    @Test
    void adminsListAndRevokeAUsersKeys(Admin admin, KeycloakServer server) {
        String realm = admin.importRealm("realms/base.json");
        TestUser user = admin.createUserWithOtp(realm, "holder", Totp.randomSecret());
        SelfService me = SelfService.signIn(server, user);
        String first = me.createKey("first", null, null).path("id").asText();
        me.createKey("second", null, null);
        me.createKey("third", null, null);
        String base = "/admin/realms/" + realm + "/api-keys/users/" + user.id();

        JsonNode listed = admin.get(base).expect(200).json();
        assertEquals(List.of("first", "second", "third"), labels(listed));
        assertFalse(listed.toString().contains("kcak_"));

        admin.delete(base + "/" + first).expect(204);
        assertEquals(List.of("second", "third"), labels(me.list().expect(200).json()));
        assertError(admin.delete(base + "/" + first), 404, "not_found");

        admin.delete(base).expect(204);
        assertEquals(0, me.list().expect(200).json().size());

        JsonNode deletions = admin.adminEvents(realm, Map.of("operationTypes", "DELETE"));
        assertEquals(3, deletions.size(), deletions.toString());
        assertTrue(deletions.toString().contains("users/" + user.id() + "/api-keys/" + first), deletions.toString());
    }

    @Test
    void unknownUsersAreNotFound(Admin admin) {
        String realm = admin.importRealm("realms/base.json");
        assertError(admin.get("/admin/realms/" + realm + "/api-keys/users/no-such-user"), 404, "not_found");
    }

    @Test
    void ordinaryUsersCannotUseTheAdminApi(Admin admin, KeycloakServer server) {
        String realm = admin.importRealm("realms/base.json");
        TestUser user = admin.createUser(realm, "mallory");
        String token = new DirectGrant(server).accessToken(user);

        HttpResult policy = server.send(HttpRequest.newBuilder(server.uri("/admin/realms/" + realm + "/api-keys/policy"))
                .header("Authorization", "Bearer " + token).GET().build());
        HttpResult revoke = server.send(HttpRequest.newBuilder(
                        server.uri("/admin/realms/" + realm + "/api-keys/users/" + user.id()))
                .header("Authorization", "Bearer " + token).DELETE().build());

        assertEquals(403, policy.status(), policy.toString());
        assertEquals(403, revoke.status(), revoke.toString());
    }

    private static List<String> labels(JsonNode keys) {
        List<String> labels = new java.util.ArrayList<>();
        keys.forEach(key -> labels.add(key.path("label").asText()));
        return labels;
    }
}
