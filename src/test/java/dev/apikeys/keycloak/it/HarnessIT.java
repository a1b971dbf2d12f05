package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KeycloakExtension.class)
final class HarnessIT {

    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/base.json");
    }

    @Test
    void serverAnswersForTheMasterRealm(KeycloakServer server) {
        JsonNode master = server.send(HttpRequest.newBuilder(server.uri("/realms/master")).build())
                .expect(200)
                .json();

        assertEquals("master", master.path("realm").asText());
    }

    @Test
    void importedRealmKeepsTheFixturePolicies(Admin admin) {
        JsonNode imported = admin.get(Admin.realmPath(realm)).expect(200).json();

        assertTrue(realm.startsWith("base-"), realm);
        assertEquals("totp", imported.path("otpPolicyType").asText());
        assertEquals(10, imported.path("otpPolicyLookAheadWindow").asInt());
        assertTrue(imported.path("bruteForceProtected").asBoolean());
        assertEquals(3, imported.path("failureFactor").asInt());
    }

    @Test
    void realmAttributesChangeWithoutResettingTheRest(Admin admin) {
        admin.setRealmAttributes(realm, Map.of("it.harness", "on"));

        JsonNode updated = admin.get(Admin.realmPath(realm)).expect(200).json();
        assertEquals("on", updated.path("attributes").path("it.harness").asText());
        assertTrue(updated.path("bruteForceProtected").asBoolean());
        assertTrue(updated.path("eventsEnabled").asBoolean());
    }

    @Test
    void userWithOtpLogsInWithPasswordAndCode(Admin admin, DirectGrant grant) {
        TestUser user = admin.createUserWithOtp(realm, "otp-user", Totp.randomSecret());

        JsonNode claims = Jwt.claims(grant.accessToken(user));

        assertEquals(user.username(), claims.path("preferred_username").asText());
        assertEquals(user.id(), claims.path("sub").asText());
    }

    @Test
    void userWithOtpIsRefusedWithoutACode(Admin admin, KeycloakServer server) {
        TestUser user = admin.createUserWithOtp(realm, "otp-missing", Totp.randomSecret());

        HttpResult refused = server.tokenRequest(realm, Map.of(
                "grant_type", "password",
                "client_id", DirectGrant.CLIENT_ID,
                "username", user.username(),
                "password", user.password()));

        assertTrue(DirectGrant.isRefusedLogin(refused), refused.toString());
        assertEquals("invalid_grant", refused.json().path("error").asText());
    }

    @Test
    void everyLoginGetsAFreshCodeAndAReplayedCodeIsRefused(Admin admin, DirectGrant grant) {
        TestUser user = admin.createUserWithOtp(realm, "otp-replay", Totp.randomSecret());
        String code = user.otpDevice().nextCode();

        grant.login(user, code).expect(200);
        grant.login(user).expect(200);
        grant.login(user).expect(200);
        HttpResult replayed = grant.login(user, code);

        assertTrue(DirectGrant.isRefusedLogin(replayed), replayed.toString());
        assertEquals("invalid_grant", replayed.json().path("error").asText());
    }

    @Test
    void userWithoutOtpLogsInWithPasswordOnly(Admin admin, DirectGrant grant) {
        TestUser user = admin.createUser(realm, "password-user");

        JsonNode claims = Jwt.claims(grant.accessToken(user));

        assertEquals(user.username(), claims.path("preferred_username").asText());
        assertEquals(user.id(), admin.userId(realm, user.username()));
    }

    @Test
    void loginsAndAdminChangesAreRecordedAsEvents(Admin admin, DirectGrant grant) {
        TestUser user = admin.createUser(realm, "audited-user");
        grant.accessToken(user);

        JsonNode logins = admin.events(realm, Map.of("type", "LOGIN", "user", user.id()));
        JsonNode creations = admin.adminEvents(realm, Map.of(
                "operationTypes", "CREATE", "resourcePath", "users/" + user.id()));

        assertEquals(1, logins.size(), logins.toString());
        assertEquals(DirectGrant.CLIENT_ID, logins.get(0).path("clientId").asText());
        assertEquals(1, creations.size(), creations.toString());
    }
}
