package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.apikeys.keycloak.credential.ApiKeySecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server runs with the extension's debug logging on; whatever the extension logs on the way, a key's secret,
 * a presented wrong secret and the OTP codes that authorised the changes never reach the log.
 */
@ExtendWith(KeycloakExtension.class)
final class NothingSecretIsLoggedIT {

    @Test
    void secretsAndCodesNeverReachTheServerLog(Admin admin, KeycloakServer server) {
        String realm = admin.importRealm("realms/exchange.json");
        TestUser user = admin.createUserWithOtp(realm, "logged-" + UUID.randomUUID(), Totp.randomSecret());
        SelfService me = SelfService.signIn(server, user);
        List<String> codes = new ArrayList<>();
        String createCode = me.otp();
        codes.add(createCode);
        String id = me.send("POST", "", createCode, Json.write(SelfService.body("logged", null, null)))
                .expect(201).json().path("id").asText();
        String secret = me.get("/" + id).expect(200).json().path("secret").asText("");
        assertTrue(secret.isEmpty(), "the secret is shown once, at creation");
        String renewCode = me.otp();
        codes.add(renewCode);
        me.send("POST", "/" + id + "/renew", renewCode, null).expect(200);
        String created = me.send("POST", "", me.otp(), Json.write(SelfService.body("used", null, null)))
                .expect(201).json().path("secret").asText();
        String wrong = ApiKeySecret.generate(ApiKeySecret.parse(created).orElseThrow().keyId(), user.id());
        KeyExchange exchange = new KeyExchange(server, realm);
        exchange.exchange(created).expect(200);
        exchange.exchange(wrong).expect(400);

        String log = server.log();

        assertTrue(log.contains(id), "the extension's debug log is on and names keys by id");
        assertFalse(log.contains(ApiKeySecret.PREFIX), "no secret, of this test or any other, is in the log");
        assertFalse(log.contains(created.substring(ApiKeySecret.PREFIX.length())), "the secret's body is not logged");
        assertFalse(log.contains(wrong.substring(ApiKeySecret.PREFIX.length())), "a presented wrong secret is not logged");
        for (String code : codes) {
            assertFalse(log.contains("=" + code) || log.contains(" " + code + " ") || log.contains("\"" + code + "\""),
                    "an OTP code is not logged");
        }
    }
}
