package dev.apikeys.keycloak.it;

import static dev.apikeys.keycloak.it.SelfServiceApiIT.assertError;
import static dev.apikeys.keycloak.it.TokenExchangeIT.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's walk-through, step by step, against the shipped {@code realm-export.json} with the credentials the
 * README publishes: what a new user copies from the README works.
 */
@ExtendWith(KeycloakExtension.class)
final class DemoRealmIT {

    private static final String REALM = "demo";
    private static final String DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";
    private static final Set<String> USED_CODES = new HashSet<>();

    @BeforeAll
    static void importTheDemoRealm(Admin admin) throws IOException {
        admin.importRealmFile((ObjectNode) Json.parse(Files.readString(Path.of("realm-export.json"))));
    }

    @Test
    void theReadmeWalkThroughWorks(Admin admin, KeycloakServer server) throws Exception {
        HttpResult signedIn = server.tokenRequest(REALM, Map.of("grant_type", "password", "client_id", "api-keys-cli",
                "username", "demo", "password", "demo-password-local-only", "totp", demoCode()));
        TestUser demo = new TestUser(REALM, admin.userId(REALM, "demo"), "demo", "demo-password-local-only", Optional.empty());
        SelfService me = new SelfService(server, demo, signedIn.expect(200).json().path("access_token").asText());

        JsonNode policy = me.policy().expect(200).json();
        assertTrue(policy.path("otpConfigured").asBoolean(), policy.toString());
        assertEquals(List.of("read", "trade", "withdraw"), SelfServiceApiIT.strings(policy.path("scopes")));

        JsonNode key = me.send("POST", "", demoCode(), "{\"label\":\"my bot\",\"scopes\":[\"trade\"]}").expect(201).json();
        String id = key.path("id").asText();
        String secret = key.path("secret").asText();
        JsonNode listed = me.list().expect(200).json();
        assertEquals(1, listed.size());
        assertFalse(listed.toString().contains(secret), "the list never shows the secret");

        JsonNode exchanged = server.tokenRequest(REALM, exchangeForm(secret)).expect(200).json();
        JWTClaimsSet claims = TokenExchangeIT.verify(server, exchanged.path("access_token").asText());
        assertEquals(id, claims.getStringClaim("api_key_id"));
        assertEquals(List.of("read", "trade"), TokenExchangeIT.permissionScopes(claims));
        assertEquals(List.of("trader"), TokenExchangeIT.appRoles(claims), "trade maps the trader role, withdraw is not granted");

        HttpResult loggedIn = server.send(HttpRequest.newBuilder(server.uri("/realms/" + REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-API-Key", secret)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&client_id=bot-login&client_secret=bot-login-secret-local-only"))
                .build());
        assertEquals(id, TokenExchangeIT.verify(server, loggedIn.expect(200).json().path("access_token").asText())
                .getStringClaim("api_key_id"));

        JsonNode renewed = me.send("POST", "/" + id + "/renew", demoCode(), null).expect(200).json();
        assertTrue(renewed.path("expiresAt").asLong() >= key.path("expiresAt").asLong(), renewed.toString());
        assertEquals("127.0.0.1", renewed.path("lastUsedIp").asText(), "the exchange shows as the key's last use");

        Gateway gateway = new Gateway(server, REALM, "api-gateway", "api-gateway-secret-local-only");
        assertEquals(demo.id(), gateway.check(secret, "127.0.0.1").expect(200).header("X-Auth-User-Id").orElseThrow(),
                "the demo's gateway client passes the key with its owner");

        me.send("DELETE", "/" + id, demoCode(), null).expect(204);
        assertOAuthError(server.tokenRequest(REALM, exchangeForm(secret)), "invalid_grant");
        assertEquals(401, gateway.check(secret, "127.0.0.1").status(), "a deleted key no longer passes the gateway");
    }

    @Test
    void theUserWithoutOtpIsToldToSetItUp(Admin admin, KeycloakServer server) {
        TestUser newbie = new TestUser(REALM, admin.userId(REALM, "newbie"), "newbie", "newbie-password-local-only",
                Optional.empty());
        String token = server.tokenRequest(REALM, Map.of("grant_type", "password", "client_id", "api-keys-cli",
                "username", "newbie", "password", "newbie-password-local-only")).expect(200).json().path("access_token").asText();
        SelfService me = new SelfService(server, newbie, token);

        assertFalse(me.policy().expect(200).json().path("otpConfigured").asBoolean());
        assertError(me.send("POST", "", "123456", "{\"label\":\"first\"}"), 403, "otp_not_configured");
    }

    /** The README's exchange: the demo's bot-exchange client trades the key for a token. */
    private static Map<String, String> exchangeForm(String secret) {
        return KeyExchange.form("bot-exchange", "bot-exchange-secret-local-only", secret, null);
    }

    /**
     * A code of the demo authenticator that Keycloak has not seen yet. The demo realm accepts the current step and
     * one on either side, and refuses a code twice; when all three are spent, the next step is awaited.
     */
    private static synchronized String demoCode() throws InterruptedException {
        while (true) {
            Instant now = Instant.now();
            long step = Totp.step(now);
            boolean earlyInStep = now.getEpochSecond() % Totp.PERIOD_SECONDS < Totp.PERIOD_SECONDS - 5;
            for (long candidate : earlyInStep ? new long[] {step, step + 1, step - 1} : new long[] {step + 1, step}) {
                String code = Totp.code(DEMO_TOTP_SECRET, candidate);
                if (USED_CODES.add(code)) {
                    return code;
                }
            }
            Thread.sleep((Totp.PERIOD_SECONDS - now.getEpochSecond() % Totp.PERIOD_SECONDS) * 1000 + 200);
        }
    }
}
