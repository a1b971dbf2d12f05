package dev.apikeys.keycloak.it;

import static dev.apikeys.keycloak.it.TokenExchangeIT.assertOAuthError;
import static dev.apikeys.keycloak.it.TokenExchangeIT.permissionScopes;
import static dev.apikeys.keycloak.it.TokenExchangeIT.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** grant_type=password clients whose direct-grant flow holds the API-key authenticator log in with a key. */
@ExtendWith(KeycloakExtension.class)
final class DirectGrantLoginIT {

    private static final int WORKERS = 8;

    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/exchange.json");
        admin.bindDirectGrantFlow(realm, "bot-login", "api-key direct grant");
        admin.bindDirectGrantFlow(realm, "login-without-mapper", "api-key direct grant");
    }

    private static JsonNode key(Admin admin, KeycloakServer server, List<String> scopes) {
        TestUser user = admin.createUserWithOtp(realm, "login-" + UUID.randomUUID(), Totp.randomSecret());
        return SelfService.signIn(server, user).createKey("login", scopes, null);
    }

    @Test
    void theKeyInTheHeaderLogsIn(Admin admin, KeycloakServer server) throws Exception {
        JsonNode key = key(admin, server, List.of("trade"));

        HttpResult answer = login(server, "bot-login", "bot-login-secret", Map.of(), key.path("secret").asText());

        JsonNode body = answer.expect(200).json();
        assertTrue(body.path("refresh_token").isMissingNode(), body.toString());
        JWTClaimsSet claims = verify(server, body.path("access_token").asText());
        assertEquals(key.path("id").asText(), claims.getStringClaim("api_key_id"));
        assertEquals(List.of("read", "trade"), permissionScopes(claims));
        assertNull(claims.getStringClaim("sid"), "transient session");
        assertFalse(admin.get("/admin/realms/" + realm + "/users/" + userOf(key) + "/sessions").expect(200).body()
                .contains("bot-login"), "no session is stored for a key login");
        JsonNode listed = admin.get("/admin/realms/" + realm + "/api-keys/users/" + userOf(key)).expect(200).json().get(0);
        assertEquals("127.0.0.1", listed.path("lastUsedIp").asText(), "a key login is a use of the key: " + listed);
    }

    @Test
    void theKeyAsFormParameterLogsInWithNarrowedScope(Admin admin, KeycloakServer server) throws Exception {
        JsonNode key = key(admin, server, List.of("trade"));

        HttpResult answer = login(server, "bot-login", "bot-login-secret",
                Map.of("api_key", key.path("secret").asText(), "scope", "read"), null);

        JWTClaimsSet claims = verify(server, answer.expect(200).json().path("access_token").asText());
        assertEquals(List.of("read"), permissionScopes(claims));
        assertEquals(key.path("id").asText(), claims.getStringClaim("api_key_id"));
    }

    @Test
    void refusalsAreOAuthErrors(Admin admin, KeycloakServer server) {
        JsonNode key = key(admin, server, null);
        String wrong = ApiKeySecret.generate(key.path("id").asText(), userOf(key));

        assertOAuthError(login(server, "bot-login", "bot-login-secret", Map.of(), wrong), "invalid_grant");
        assertOAuthError(login(server, "bot-login", "bot-login-secret", Map.of(), "junk"), "invalid_grant");
        assertOAuthError(login(server, "bot-login", "bot-login-secret", Map.of(), null), "invalid_request");
        assertOAuthError(login(server, "bot-login", "bot-login-secret",
                Map.of("scope", "trade"), key.path("secret").asText()), "invalid_scope");

        String keyId = key.path("id").asText();
        RefusalEvents.assertRecorded(admin, realm, RefusalEvents.LOGIN, "api_key_secret_mismatch", keyId);
        RefusalEvents.assertRecorded(admin, realm, RefusalEvents.LOGIN, "api_key_scope_not_allowed", keyId);
        RefusalEvents.assertRecorded(admin, realm, RefusalEvents.LOGIN, "api_key_malformed", null);
        RefusalEvents.assertRecorded(admin, realm, RefusalEvents.LOGIN, "api_key_missing", null);
    }

    @Test
    void aClientWithoutTheClaimsMapperCannotLogInWithKeys(Admin admin, KeycloakServer server) {
        JsonNode key = key(admin, server, null);

        HttpResult refused = login(server, "login-without-mapper", "login-without-mapper-secret", Map.of(),
                key.path("secret").asText());

        assertOAuthError(refused, "unauthorized_client");
    }

    /** A bot runs several workers on one key; the realm's brute-force protection must not turn them away. */
    @Test
    void oneKeyServesManyWorkersAtOnce(Admin admin, KeycloakServer server) {
        JsonNode key = key(admin, server, List.of("trade"));
        String secret = key.path("secret").asText();
        KeyExchange exchange = new KeyExchange(server, realm);

        List<Supplier<HttpResult>> calls = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            calls.add(() -> login(server, "bot-login", "bot-login-secret", Map.of(), secret));
            calls.add(() -> exchange.exchange(secret));
        }
        List<HttpResult> answers = Parallel.send(calls);

        for (HttpResult answer : answers) {
            String token = answer.expect(200).json().path("access_token").asText();
            assertEquals(key.path("id").asText(), Jwt.claims(token).path("api_key_id").asText());
        }
        JsonNode listed = admin.get("/admin/realms/" + realm + "/api-keys/users/" + userOf(key)).expect(200).json().get(0);
        assertEquals("127.0.0.1", listed.path("lastUsedIp").asText(), listed.toString());
    }

    private static String userOf(JsonNode key) {
        String handle = key.path("secret").asText();
        return ApiKeySecret.parse(handle).orElseThrow().userId();
    }

    private static HttpResult login(KeycloakServer server, String clientId, String clientSecret, Map<String, String> extra,
                                    String headerKey) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.putAll(extra);
        return server.postForm("/realms/" + realm + "/protocol/openid-connect/token", form,
                headerKey == null ? Map.of() : Map.of("X-API-Key", headerKey));
    }
}
