package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attacks on the promise that a key is never more than its permissions. The owners hold administrative power
 * (realm-admin, manage-users, or user permissions of fine-grained admin permissions v2); each creates a read-only
 * key and uses its token against Keycloak's admin API, its account API and this extension's endpoints, through
 * clients with and without "Full scope allowed", by exchange and by key login, and through Keycloak's own
 * standard token exchange (laundering). Each attack is paired with the same call made with the owner's ordinary
 * token, which must succeed, so that a refusal proves the key token is what is refused.
 */
@ExtendWith(KeycloakExtension.class)
final class KeyTokenPrivilegeIT {

    private static final String REALM_MANAGEMENT = "realm-management";
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/key-privilege.json", Map.of("otpRequired", true));
        admin.bindDirectGrantFlow(realm, "key-login-limited", "api-key direct grant");
        admin.bindDirectGrantFlow(realm, "key-login-full", "api-key direct grant");
        admin.bindDirectGrantFlow(realm, "key-login-refreshing", "api-key direct grant");
    }

    @Test
    void aReadKeyOfARealmAdminReachesNoManagementApi(Admin admin, KeycloakServer server) {
        TestUser owner = owner(admin, "realm-admin");
        admin.grantClientRole(realm, owner.id(), REALM_MANAGEMENT, "realm-admin");
        assertKeyTokensHaveNoPower(admin, server, owner);
    }

    @Test
    void aReadKeyOfAHelpDeskAgentReachesNoManagementApi(Admin admin, KeycloakServer server) {
        TestUser owner = owner(admin, "help-desk");
        admin.grantClientRole(realm, owner.id(), REALM_MANAGEMENT, "manage-users");
        admin.grantClientRole(realm, owner.id(), REALM_MANAGEMENT, "view-users");
        assertKeyTokensHaveNoPower(admin, server, owner);
    }

    @Test
    void aReadKeyOfAUserWithFineGrainedAdminPermissionsReachesNoManagementApi(Admin admin, KeycloakServer server) {
        TestUser owner = owner(admin, "delegate");
        admin.grantClientRole(realm, owner.id(), REALM_MANAGEMENT, "query-users");
        String permissions = admin.clientUuid(realm, "admin-permissions");
        String authz = Admin.realmPath(realm) + "/clients/" + permissions + "/authz/resource-server";
        String policy = "only " + owner.username();
        admin.post(authz + "/policy/user", Map.of("name", policy, "logic", "POSITIVE", "users", List.of(owner.id())))
                .expect(201);
        admin.post(authz + "/permission/scope", Map.of("name", "users for " + owner.username(), "resourceType", "Users",
                "scopes", List.of("view", "manage"), "policies", List.of(policy))).expect(201);
        assertKeyTokensHaveNoPower(admin, server, owner);
    }

    @Test
    void aRoleGrantedAfterTheTokenWasIssuedDoesNotReachIt(Admin admin, KeycloakServer server) {
        TestUser owner = owner(admin, "promoted");
        String secret = readKey(server, owner);
        List<String> tokens = keyTokens(server, secret);

        admin.grantClientRole(realm, owner.id(), REALM_MANAGEMENT, "realm-admin");

        ownUser(server, ordinaryToken(server, owner), owner).expect(200);
        for (String token : tokens) {
            assertEquals(401, ownUser(server, token, owner).status(), "promoted owner's key token: " + Jwt.claims(token));
        }
    }

    @Test
    void keyTokensCannotBeLaunderedThroughKeycloaksStandardTokenExchange(Admin admin, KeycloakServer server) {
        TestUser owner = owner(admin, "launder");
        admin.grantClientRole(realm, owner.id(), REALM_MANAGEMENT, "realm-admin");
        String secret = readKey(server, owner);

        String laundered = launder(server, ordinaryToken(server, owner)).expect(200).json().path("access_token").asText();
        ownUser(server, laundered, owner).expect(200);

        for (String token : keyTokens(server, secret)) {
            HttpResult refused = launder(server, token);
            assertEquals(400, refused.status(), refused.toString());
            assertTrue(refused.json().path("access_token").isMissingNode(), refused.body());
        }
    }

    @Test
    void keyTokensSayTheyAreKeyTokens(Admin admin, KeycloakServer server) {
        TestUser owner = owner(admin, "typed");
        for (String token : keyTokens(server, readKey(server, owner))) {
            assertEquals("API-Key", Jwt.claims(token).path("typ").asText(), Jwt.claims(token).toString());
        }
    }

    /** The owner's own token reaches the APIs; each of the key's tokens reaches none of them and changes nothing. */
    private static void assertKeyTokensHaveNoPower(Admin admin, KeycloakServer server, TestUser owner) {
        String ordinary = ordinaryToken(server, owner);
        ownUser(server, ordinary, owner).expect(200);
        call(server, ordinary, "GET", Admin.realmPath(realm) + "/users?briefRepresentation=true", null).expect(200);

        for (String token : keyTokens(server, readKey(server, owner))) {
            String which = "key token " + Jwt.claims(token);
            assertEquals(401, ownUser(server, token, owner).status(), which);
            assertEquals(401, call(server, token, "GET", Admin.realmPath(realm) + "/users", null).status(), which);
            assertEquals(401, call(server, token, "PUT", Admin.realmPath(realm) + "/api-keys/policy",
                    "{\"otpRequired\":false}").status(), which);
            assertEquals(401, call(server, token, "GET", Admin.realmPath(realm) + "/api-keys/users/" + owner.id(), null)
                    .status(), which);
            assertEquals(401, call(server, token, "GET", "/realms/" + realm + "/account", null).status(), which);
            assertEquals(401, call(server, token, "GET", "/realms/" + realm + "/account/credentials", null).status(), which);
            assertEquals(401, call(server, token, "GET", "/realms/" + realm + "/api-keys", null).status(), which);
            assertEquals(401, call(server, token, "GET", "/realms/" + realm + "/protocol/openid-connect/userinfo", null)
                    .status(), which);
        }
        assertTrue(admin.get(Admin.realmPath(realm) + "/api-keys/policy").expect(200).json().path("otpRequired").asBoolean(),
                "the policy is unchanged");
    }

    private static TestUser owner(Admin admin, String kind) {
        return admin.createUserWithOtp(realm, kind + "-" + UUID.randomUUID(), Totp.randomSecret());
    }

    private static String readKey(KeycloakServer server, TestUser owner) {
        return SelfService.signIn(server, owner).createKey("read-only " + UUID.randomUUID(), null, null)
                .path("secret").asText();
    }

    private static String ordinaryToken(KeycloakServer server, TestUser owner) {
        return new DirectGrant(server).accessToken(owner);
    }

    /** The key's tokens: exchanged and logged in, through a client without and one with "Full scope allowed". */
    private static List<String> keyTokens(KeycloakServer server, String secret) {
        List<String> tokens = new ArrayList<>();
        for (String[] client : List.of(new String[] {"key-exchange-limited", "limited-secret"},
                new String[] {"key-exchange-full", "full-secret"})) {
            tokens.add(server.tokenRequest(realm, KeyExchange.form(client[0], client[1], secret, null))
                    .expect(200).json().path("access_token").asText());
        }
        for (String[] client : List.of(new String[] {"key-login-limited", "limited-secret"},
                new String[] {"key-login-full", "full-secret"})) {
            tokens.add(keyLogin(server, realm, client[0], client[1], secret, null).expect(200).json().path("access_token").asText());
        }
        return tokens;
    }

    static HttpResult keyLogin(KeycloakServer server, String realm, String clientId, String clientSecret, String secret,
                               String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("api_key", secret);
        if (scope != null) {
            form.put("scope", scope);
        }
        return server.tokenRequest(realm, form);
    }

    private static HttpResult launder(KeycloakServer server, String subjectToken) {
        return server.tokenRequest(realm, Map.of("grant_type", TOKEN_EXCHANGE, "client_id", "launderer",
                "client_secret", "launderer-secret", "subject_token", subjectToken, "subject_token_type", ACCESS_TOKEN_TYPE));
    }

    private static HttpResult ownUser(KeycloakServer server, String token, TestUser owner) {
        return call(server, token, "GET", Admin.realmPath(realm) + "/users/" + owner.id(), null);
    }

    private static HttpResult call(KeycloakServer server, String token, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return server.send(request.method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
