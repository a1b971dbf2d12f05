package dev.apikeys.keycloak.it;

import static dev.apikeys.keycloak.it.SelfServiceApiIT.assertError;
import static dev.apikeys.keycloak.it.SelfServiceApiIT.strings;
import static dev.apikeys.keycloak.it.TokenExchangeIT.appRoles;
import static dev.apikeys.keycloak.it.TokenExchangeIT.assertOAuthError;
import static dev.apikeys.keycloak.it.TokenExchangeIT.permissionScopes;
import static dev.apikeys.keycloak.it.TokenExchangeIT.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attacks on keys themselves: someone who knows a key's public id trying to stop its owner's bot, a key outliving
 * the realm's policy, permission roles reaching tokens through a client's defaults, refresh and offline tokens
 * from a key login, hostile labels, and clients that must not hold key tokens. Each test imports its own realm,
 * since several change the policy.
 */
@ExtendWith(KeycloakExtension.class)
final class KeyUseAttacksIT {

    private static final String LIMITED = "key-exchange-limited";
    private static final String LIMITED_SECRET = "limited-secret";

    private static String realm(Admin admin) {
        String realm = admin.importRealm("realms/key-privilege.json");
        admin.bindDirectGrantFlow(realm, "key-login-limited", "api-key direct grant");
        admin.bindDirectGrantFlow(realm, "key-login-full", "api-key direct grant");
        admin.bindDirectGrantFlow(realm, "key-login-refreshing", "api-key direct grant");
        admin.bindDirectGrantFlow(realm, "key-or-password", "key or password");
        admin.bindFlow(realm, "web", "browser", "browser with a key step");
        return realm;
    }

    @Test
    void forgedSecretsFromOutsideTheAllowListNeitherCountNorStopTheOwner(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("office", null, List.of("127.0.0.1"));
        String keyId = key.path("id").asText();
        String unknown = ApiKeySecret.generate(ApiKeySecret.newKeyId(), me.userId());
        HttpResult unknownAnswer = exchangeFrom(server, realm, "127.0.0.2", unknown);

        for (int i = 0; i < 15; i++) {
            HttpResult forged = exchangeFrom(server, realm, "127.0.0.2", ApiKeySecret.generate(keyId, me.userId()));
            assertOAuthError(forged, "invalid_grant");
            assertEquals(unknownAnswer.json().path("error_description").asText(), forged.json().path("error_description").asText(),
                    "outside the allow-list a key answers like a key that does not exist");
        }
        exchangeFrom(server, realm, "127.0.0.2", key.path("secret").asText());

        exchangeFrom(server, realm, "127.0.0.1", key.path("secret").asText()).expect(200);
        assertEquals(0, RefusalEvents.count(admin, realm, RefusalEvents.EXCHANGE, "api_key_secret_mismatch", keyId),
                "the secret is not compared for an address outside the allow-list");
        RefusalEvents.assertRecorded(admin, realm, RefusalEvents.EXCHANGE, "api_key_ip_not_allowed", keyId);
    }

    @Test
    void aFloodOfForgedSecretsNeitherHidesTheOwnersActivityNorFillsTheEventStore(Admin admin, KeycloakServer server)
            throws Exception {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode used = me.createKey("in use", null, null);
        String usedId = used.path("id").asText();
        String targetId = me.createKey("named by forgeries", null, null).path("id").asText();
        exchangeFrom(server, realm, "127.0.0.1", used.path("secret").asText()).expect(200);
        me.update(usedId, Map.of("label", "in use, renamed")).expect(200);
        double seenBefore = refusalsSeen(server, realm);
        List<String> addresses = List.of("127.0.0.11", "127.0.0.12", "127.0.0.13");

        long firstMinute = System.currentTimeMillis() / 60_000;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResult>> answers = new ArrayList<>();
            for (int i = 0; i < 1050; i++) {
                String address = addresses.get(i % addresses.size());
                answers.add(pool.submit(() -> exchangeFrom(server, realm, address, ApiKeySecret.generate(targetId, me.userId()))));
            }
            for (int i = 0; i < 150; i++) {
                answers.add(pool.submit(() -> exchangeFrom(server, realm, "127.0.0.14", "kcak_junk")));
                answers.add(pool.submit(() -> exchangeFrom(server, realm, "127.0.0.15",
                        ApiKeySecret.generate(ApiKeySecret.newKeyId(), me.userId()))));
            }
            for (Future<HttpResult> answer : answers) {
                assertOAuthError(answer.get(), "invalid_grant");
            }
        } finally {
            pool.shutdownNow();
        }
        long minutes = System.currentTimeMillis() / 60_000 - firstMinute + 1;

        JsonNode activity = me.get("/" + usedId + "/activity").expect(200).json();
        List<String> types = activity.path("events").findValuesAsText("type");
        assertTrue(types.contains("TOKEN_EXCHANGE") && types.contains("UPDATE_CREDENTIAL"),
                "the key's own use and change are still shown: " + activity);
        JsonNode targetActivity = me.get("/" + targetId + "/activity").expect(200).json();
        assertTrue(targetActivity.path("events").findValuesAsText("error").contains("api_key_secret_mismatch"),
                "the owner sees the forgeries' precise reason: " + targetActivity);

        long stored = RefusalEvents.count(admin, realm, RefusalEvents.EXCHANGE, "api_key_secret_mismatch", targetId)
                + RefusalEvents.count(admin, realm, RefusalEvents.EXCHANGE, "api_key_throttled", targetId);
        assertTrue(stored >= 1 && stored <= minutes * 2 * addresses.size(),
                stored + " rows for 1050 forgeries: at most one per reason, address and minute");
        long junk = RefusalEvents.count(admin, realm, RefusalEvents.EXCHANGE, "api_key_malformed", null);
        assertTrue(junk >= 1 && junk <= minutes, junk + " rows for 150 malformed secrets from one address");
        long invented = RefusalEvents.count(admin, realm, RefusalEvents.EXCHANGE, "api_key_not_found", null);
        assertTrue(invented >= 1 && invented <= minutes, invented + " rows for 150 invented key ids from one address");
        assertEquals(seenBefore + 1350, refusalsSeen(server, realm), "every refusal still reaches the event listeners");
    }

    @Test
    void forgedRefusalsCannotCrowdOutWhatTheKeysHolderWasRefused(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("read only", null, null);
        String keyId = key.path("id").asText();
        long firstMinute = System.currentTimeMillis() / 60_000;
        HttpResult beyondItsPermissions = LoopbackHttp.postForm("127.0.0.50",
                server.uri("/realms/" + realm + "/protocol/openid-connect/token"),
                KeyExchange.form(LIMITED, LIMITED_SECRET, key.path("secret").asText(), "trade"));
        assertOAuthError(beyondItsPermissions, "invalid_scope");
        for (int i = 0; i < 12; i++) {
            String address = "127.0.0." + (30 + i);
            String unknownOwner = ApiKeySecret.generate(keyId, UUID.randomUUID().toString());
            assertOAuthError(exchangeFrom(server, realm, address, unknownOwner), "invalid_grant");
            assertOAuthError(exchangeFrom(server, realm, address, ApiKeySecret.generate(keyId, me.userId())), "invalid_grant");
        }
        long minutes = System.currentTimeMillis() / 60_000 - firstMinute + 1;

        JsonNode activity = me.get("/" + keyId + "/activity").expect(200).json();
        List<String> errors = activity.path("events").findValuesAsText("error");
        assertTrue(errors.contains("api_key_scope_not_allowed"),
                "what only the secret's holder can be refused for is always kept: " + errors);
        assertEquals("api_key_scope_not_allowed", activity.path("holderRefusal").path("error").asText(), activity.toString());
        assertEquals("127.0.0.50", activity.path("holderRefusal").path("ipAddress").asText());
        long forged = errors.stream().filter("api_key_secret_mismatch"::equals).count();
        assertTrue(forged >= 1 && forged <= minutes * 10, forged + " forged refusals kept: at most 10 a minute");
    }

    @Test
    void failedPasswordLoginsDoNotPushAKeysRefusalsOutOfView(Admin admin, KeycloakServer server) throws Exception {
        String realm = realm(admin);
        // one hash iteration: a thousand failed password logins in seconds, as an attacker's would be many more
        admin.put(Admin.realmPath(realm), Map.of("passwordPolicy", "hashIterations(1)")).expect(204);
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("watched", null, null);
        String keyId = key.path("id").asText();
        assertOAuthError(exchangeFrom(server, realm, "127.0.0.99", ApiKeySecret.generate(keyId, me.userId())), "invalid_grant");
        assertOAuthError(KeyTokenPrivilegeIT.keyLogin(server, realm, "key-login-limited", "limited-secret",
                key.path("secret").asText(), "withdraw"), "invalid_scope");

        for (int i = 0; i < 1001; i++) {
            HttpResult login = server.tokenRequest(realm, Map.of("grant_type", "password",
                    "client_id", DirectGrant.CLIENT_ID, "username", me.user().username(), "password", "wrong-" + i));
            // 401 up to Keycloak 26.5, 400 (RFC 6749's status for invalid_grant) from 26.7
            assertEquals("invalid_grant", login.json().path("error").asText(), login.toString());
        }
        assertTrue(admin.events(realm, Map.of("type", "LOGIN_ERROR", "user", me.userId(), "max", "2000")).size() > 1000,
                "the owner's newest 1,000 failed logins are all password failures");

        JsonNode activity = me.get("/" + keyId + "/activity").expect(200).json();
        List<String> errors = activity.path("events").findValuesAsText("error");
        assertTrue(errors.contains("api_key_secret_mismatch"), "the key's refused exchange is still shown: " + errors);
        assertEquals("LOGIN_ERROR", activity.path("holderRefusal").path("type").asText(), activity.toString());
        assertEquals("api_key_scope_not_allowed", activity.path("holderRefusal").path("error").asText(),
                "the holder's refused key login is kept apart from the owner's failed password logins");
    }

    private static double refusalsSeen(KeycloakServer server, String realm) throws Exception {
        double seen = 0;
        for (String error : List.of("api_key_secret_mismatch", "api_key_throttled", "api_key_malformed", "api_key_not_found")) {
            seen += RefusalEvents.counted(server, realm, "token_exchange", error);
        }
        return seen;
    }

    @Test
    void wrongSecretsFromOneAddressDoNotRefuseTheRightSecretFromAnother(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("anywhere", null, null);
        String keyId = key.path("id").asText();
        Pause.untilThrottleWindowHasRoom();

        for (int i = 0; i < 15; i++) {
            assertOAuthError(exchangeFrom(server, realm, "127.0.0.3", ApiKeySecret.generate(keyId, me.userId())), "invalid_grant");
        }

        assertOAuthError(exchangeFrom(server, realm, "127.0.0.3", key.path("secret").asText()), "invalid_grant");
        RefusalEvents.assertRecorded(admin, realm, RefusalEvents.EXCHANGE, "api_key_throttled", keyId);
        exchangeFrom(server, realm, "127.0.0.1", key.path("secret").asText()).expect(200);
        exchangeFrom(server, realm, "127.0.0.4", key.path("secret").asText()).expect(200);
    }

    @Test
    void aScopeTheRealmNoLongerOffersIsNotGrantedAndBlocksRenewUntilEdited(Admin admin, KeycloakServer server)
            throws Exception {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm, "trader");
        JsonNode key = me.createKey("trading", List.of("trade"), null);
        String id = key.path("id").asText();
        String secret = key.path("secret").asText();

        admin.put(Admin.realmPath(realm) + "/api-keys/policy", Map.of("scopes", List.of("read", "withdraw"))).expect(200);

        JWTClaimsSet claims = exchange(server, realm, secret);
        assertEquals(List.of("read"), permissionScopes(claims));
        assertEquals(List.of(), appRoles(claims));
        assertOAuthError(server.tokenRequest(realm, KeyExchange.form(LIMITED, LIMITED_SECRET, secret, "trade")), "invalid_scope");
        JsonNode shown = me.get("/" + id).expect(200).json();
        assertEquals(List.of("read", "trade"), strings(shown.path("scopes")));
        assertEquals(List.of("read"), strings(shown.path("scopesInForce")));
        assertError(me.renew(id), 400, "scope_unknown");

        me.update(id, Map.of("label", "renamed")).expect(200);
        assertError(me.renew(id), 400, "scope_unknown");
        me.update(id, Map.of("scopes", List.of())).expect(200);
        me.renew(id).expect(200);
    }

    @Test
    void aScopeThatBecameIpOnlyIsNotGrantedToUnboundKeysAndBlocksRenew(Admin admin, KeycloakServer server)
            throws Exception {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm, "trader");
        JsonNode key = me.createKey("trading", List.of("trade"), null);
        String id = key.path("id").asText();

        admin.put(Admin.realmPath(realm) + "/api-keys/policy", Map.of("ipRequiredScopes", List.of("trade", "withdraw")))
                .expect(200);

        assertEquals(List.of("read"), permissionScopes(exchange(server, realm, key.path("secret").asText())));
        assertError(me.renew(id), 400, "scope_requires_ip");
        me.update(id, Map.of("ipAllowList", List.of("127.0.0.1"))).expect(200);
        me.renew(id).expect(200);
        JWTClaimsSet bound = exchange(server, realm, key.path("secret").asText());
        assertEquals(List.of("read", "trade"), permissionScopes(bound));
        assertEquals(List.of("trader"), appRoles(bound));
    }

    @Test
    void permissionRolesReachNoTokenOfAKeyWithoutThatPermission(Admin admin, KeycloakServer server) throws Exception {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm, "trader", "withdrawer");
        String reader = me.createKey("reader", null, null).path("secret").asText();
        String trader = me.createKey("trader", List.of("trade"), null).path("secret").asText();

        // key-login-limited has trade as a default scope; key-exchange-full has it too, and full scope on top
        JWTClaimsSet login = verify(server, KeyTokenPrivilegeIT.keyLogin(server, realm, "key-login-limited", "limited-secret",
                reader, null).expect(200).json().path("access_token").asText());
        JWTClaimsSet exchanged = verify(server, server.tokenRequest(realm, KeyExchange.form("key-exchange-full", "full-secret",
                reader, null)).expect(200).json().path("access_token").asText());

        for (JWTClaimsSet claims : List.of(login, exchanged)) {
            assertEquals(List.of("read"), permissionScopes(claims));
            assertEquals(List.of(), appRoles(claims), claims.toString());
        }
        JWTClaimsSet trading = verify(server, KeyTokenPrivilegeIT.keyLogin(server, realm, "key-login-limited", "limited-secret",
                trader, null).expect(200).json().path("access_token").asText());
        assertEquals(List.of("trader"), appRoles(trading), "the key's own permission keeps its role");
    }

    @Test
    void aKeyLoginYieldsNothingThatOutlivesTheKey(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("login", null, null).path("secret").asText();

        HttpResult offline = KeyTokenPrivilegeIT.keyLogin(server, realm, "key-login-full", "full-secret", secret,
                "openid offline_access");
        assertOAuthError(offline, "invalid_scope");
        HttpResult refreshing = KeyTokenPrivilegeIT.keyLogin(server, realm, "key-login-refreshing", "refreshing-secret",
                secret, null);
        assertOAuthError(refreshing, "unauthorized_client");

        JsonNode ok = KeyTokenPrivilegeIT.keyLogin(server, realm, "key-login-full", "full-secret", secret, "openid")
                .expect(200).json();
        assertTrue(ok.path("refresh_token").isMissingNode(), ok.toString());
        assertEquals("[]", admin.get(Admin.realmPath(realm) + "/users/" + me.userId() + "/offline-sessions/"
                + admin.clientUuid(realm, "key-login-full")).expect(200).body().replace(" ", ""));
    }

    @Test
    void publicClientsAndClientsThatRequireBoundTokensCannotExchangeKeys(Admin admin, KeycloakServer server) throws Exception {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm);
        String secret = me.createKey("bot", null, null).path("secret").asText();
        String keyLogin = me.createKey("login", null, null).path("secret").asText();

        assertOAuthError(server.tokenRequest(realm, Map.of("grant_type", KeyExchange.GRANT, "client_id", "key-exchange-public",
                "subject_token_type", KeyExchange.KEY_TOKEN_TYPE, "subject_token", secret)), "unauthorized_client");
        assertOAuthError(server.tokenRequest(realm, KeyExchange.form("key-exchange-mtls", "mtls-secret", secret, null)),
                "unauthorized_client");
        assertOAuthError(withDPoP(server, realm, KeyExchange.form("key-exchange-dpop", "dpop-secret", secret, null)),
                "unauthorized_client");
        assertOAuthError(withDPoP(server, realm, KeyExchange.form(LIMITED, LIMITED_SECRET, secret, null)),
                "unauthorized_client");
        assertOAuthError(withDPoP(server, realm, Map.of("grant_type", "password", "client_id", "key-login-full",
                "client_secret", "full-secret", "api_key", keyLogin)), "unauthorized_client");
    }

    /** A token request with a valid DPoP proof, as a client that wants a sender-constrained token sends it. */
    private static HttpResult withDPoP(KeycloakServer server, String realm, Map<String, String> form) throws Exception {
        String tokenUrl = server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(), new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", "POST").claim("htu", tokenUrl).issueTime(new java.util.Date()).build());
        proof.sign(new ECDSASigner(key));
        return server.postForm("/realms/" + realm + "/protocol/openid-connect/token", form, Map.of("DPoP", proof.serialize()));
    }

    @Test
    void anAlternativeKeyStepStepsAsideWhenNoKeyIsSent(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        TestUser user = admin.createUser(realm, "either-" + UUID.randomUUID());
        String secret = SelfService.signIn(server, admin.createUserWithOtp(realm, "keyed-" + UUID.randomUUID(),
                Totp.randomSecret())).createKey("either", null, null).path("secret").asText();

        JsonNode byPassword = server.tokenRequest(realm, Map.of("grant_type", "password", "client_id", "key-or-password",
                "client_secret", "either-secret", "username", user.username(), "password", user.password())).expect(200).json();
        assertTrue(Jwt.claims(byPassword.path("access_token").asText()).path("api_key_id").isMissingNode());
        JsonNode byKey = KeyTokenPrivilegeIT.keyLogin(server, realm, "key-or-password", "either-secret", secret, null)
                .expect(200).json();
        assertEquals("API-Key", Jwt.claims(byKey.path("access_token").asText()).path("typ").asText());
    }

    @Test
    void aKeyDoesNotSignAnyoneInThroughABrowserFlow(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        String secret = SelfService.newOwner(admin, server, realm).createKey("browser", null, null).path("secret").asText();

        HttpResult login = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm
                        + "/protocol/openid-connect/auth?client_id=web&response_type=code&scope=openid"
                        + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcallback"))
                .header("X-API-Key", secret)
                .GET().build());

        assertEquals(200, login.status(), "the login page, not a redirect with a code: " + login);
        assertTrue(login.body().contains("kc-form-login"), "the password form is shown");
    }

    @Test
    void aCatastrophicLabelPatternCannotPinTheServer(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        // JDK 9+ memoizes plain nested repetition such as ^(\w+\s?)*$; a backreference turns that off, and with it
        // this pattern takes about twice as long for each further character: hours for 40 of them. The second loops
        // a billion times on any label without reading it, which no read count bounds.
        for (String unbounded : List.of("^((\\w+\\s?)*)\\1$", "()(?:(?:(?:\\1){1000}){1000}){1000}.*")) {
            assertError(admin.put(Admin.realmPath(realm) + "/api-keys/policy", Map.of("labelPattern", unbounded)),
                    400, "policy_invalid");
        }
        // allowed, but backtracks polynomially (about 40^10 steps), reading the label at each: the read count stops it
        admin.put(Admin.realmPath(realm) + "/api-keys/policy", Map.of("labelPattern", ".*".repeat(10) + "!")).expect(200);
        SelfService me = SelfService.newOwner(admin, server, realm);

        assertError(me.create("a".repeat(40), null, null), 400, "label_invalid");
        assertError(me.create("b".repeat(63), null, null), 400, "label_invalid");

        assertEquals("abab!", me.createKey("abab!", null, null).path("label").asText());
    }

    @Test
    void labelsRefuseInvisibleFormattingButKeepJoinersThatScriptsNeed(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm);

        assertError(me.create("invoice\u202Efdp.exe", null, null), 400, "label_invalid");
        assertError(me.create("bot\u200B1", null, null), 400, "label_invalid");
        assertError(me.create("bot\u2066x\u2069", null, null), 400, "label_invalid");

        assertEquals("\uD83D\uDC69\u200D\uD83D\uDCBB bot", me.createKey("\uD83D\uDC69\u200D\uD83D\uDCBB bot", null, null)
                .path("label").asText());
        assertEquals("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", me.createKey(
                "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", null, null).path("label").asText());
    }

    @Test
    void renamingAKeyThroughKeycloaksOwnCredentialEndpointChangesNothingThatMatters(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        SelfService me = SelfService.newOwner(admin, server, realm);
        String id = me.createKey("payments bot", null, null).path("id").asText();
        me.createKey("other bot", null, null);

        HttpResult renamed = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/account/credentials/" + id + "/label"))
                .header("Authorization", "Bearer " + me.token())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("\"hijacked\""))
                .build());
        assertTrue(renamed.status() < 500, renamed.toString());

        assertEquals("payments bot", me.get("/" + id).expect(200).json().path("label").asText());
        assertError(me.create("payments bot", null, null), 409, "label_taken");
        me.createKey("hijacked", null, null);
        me.renew(id).expect(200);
        String userLabel = null;
        for (JsonNode credential : admin.get(Admin.realmPath(realm) + "/users/" + me.userId() + "/credentials").expect(200).json()) {
            if (id.equals(credential.path("id").asText())) {
                userLabel = credential.path("userLabel").asText();
            }
        }
        assertEquals("payments bot", userLabel, "the extension rewrites Keycloak's copy of the label");
    }

    @Test
    void aForgedSecretNamingAnUnknownDirectoryIsRefusedLikeAnyUnknownKey(Admin admin, KeycloakServer server) {
        String realm = realm(admin);
        String forged = ApiKeySecret.generate(ApiKeySecret.newKeyId(), "f:no-such-provider:alice");

        assertOAuthError(server.tokenRequest(realm, KeyExchange.form(LIMITED, LIMITED_SECRET, forged, null)), "invalid_grant");
        RefusalEvents.assertRecorded(admin, realm, RefusalEvents.EXCHANGE, "api_key_not_found", null);
    }

    private static JWTClaimsSet exchange(KeycloakServer server, String realm, String secret) throws Exception {
        return verify(server, server.tokenRequest(realm, KeyExchange.form(LIMITED, LIMITED_SECRET, secret, null))
                .expect(200).json().path("access_token").asText());
    }

    private static HttpResult exchangeFrom(KeycloakServer server, String realm, String address, String secret) {
        return LoopbackHttp.postForm(address, server.uri("/realms/" + realm + "/protocol/openid-connect/token"),
                KeyExchange.form(LIMITED, LIMITED_SECRET, secret, null));
    }

}
