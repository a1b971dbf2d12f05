package dev.apikeys.keycloak.it;

import static dev.apikeys.keycloak.it.SelfServiceApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every change needs the user's current TOTP code, checked by Keycloak with replay and brute-force protection. */
@ExtendWith(KeycloakExtension.class)
final class OtpStepUpIT {

    private static final String BODY = "{\"label\":\"bot\"}";
    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/base.json");
    }

    @Test
    void aValidCodeIsAccepted(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);

        me.send("POST", "", me.otp(), BODY).expect(201);
    }

    @Test
    void missingCodeIsRefusedForEveryChange(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String id = me.createKey("existing", null, null).path("id").asText();

        assertError(me.send("POST", "", null, BODY), 401, "otp_required");
        assertError(me.send("PUT", "/" + id, null, "{\"label\":\"x\"}"), 401, "otp_required");
        assertError(me.send("POST", "/" + id + "/renew", null, null), 401, "otp_required");
        assertError(me.send("DELETE", "/" + id, null, null), 401, "otp_required");
        assertError(me.send("DELETE", "", null, null), 401, "otp_required");
        assertError(me.send("DELETE", "", "", null), 401, "otp_required");

        assertEquals("existing", me.get("/" + id).expect(200).json().path("label").asText());
    }

    @Test
    void wrongCodeIsRefusedAndNothingIsWritten(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);

        assertError(me.send("POST", "", wrongCode(me), BODY), 401, "otp_invalid");
        assertError(me.send("POST", "", "abcdef", BODY), 401, "otp_invalid");

        assertEquals(0, me.list().expect(200).json().size());
    }

    @Test
    void aCodeCannotBeReplayed(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String code = me.otp();

        me.send("POST", "", code, "{\"label\":\"first\"}").expect(201);
        assertError(me.send("POST", "", code, "{\"label\":\"second\"}"), 401, "otp_invalid");

        assertEquals(1, me.list().expect(200).json().size());
    }

    @Test
    void userWithoutOtpIsToldToSetItUp(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.signIn(server, admin.createUser(realm, "plain-" + UUID.randomUUID()));

        HttpResult refused = me.send("POST", "", "123456", BODY);

        assertError(refused, 403, "otp_not_configured");
        assertTrue(refused.json().path("error_description").asText().contains("authenticator"), refused.body());
        me.list().expect(200);
    }

    @Test
    void wrongCodesLockTheUserLikeWrongCodesAtLogin(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        for (int i = 0; i < 3; i++) {
            assertError(me.send("POST", "", wrongCode(me), BODY), 401, "otp_invalid");
        }

        awaitLock(me);

        assertError(me.send("POST", "", me.otp(), BODY), 423, "user_locked");
        assertEquals(0, me.list().expect(200).json().size());
    }

    @Test
    void otpStepUpCanBeSwitchedOffByTheRealm(Admin admin, KeycloakServer server) {
        String relaxed = admin.importRealm("realms/base.json", Map.of("otpRequired", false));
        SelfService me = SelfService.signIn(server, admin.createUser(relaxed, "relaxed"));

        JsonNode created = me.send("POST", "", null, BODY).expect(201).json();

        me.send("DELETE", "/" + created.path("id").asText(), null, null).expect(204);
        assertEquals(List.of(), SelfServiceApiIT.strings(me.list().expect(200).json()));
    }

    @Test
    void guessingIsBoundedEvenWhenTheRealmHasNoBruteForceProtection(Admin admin, KeycloakServer server) {
        String open = admin.importRealm("realms/base.json");
        admin.put(Admin.realmPath(open), Map.of("bruteForceProtected", false)).expect(204);
        TestUser user = admin.createUserWithOtp(open, "guessed-" + UUID.randomUUID(), Totp.randomSecret());
        SelfService me = SelfService.signIn(server, user);

        String wrong = wrongCode(me);
        int evaluated = 0;
        HttpResult locked = null;
        for (int i = 0; i < 60; i++) {
            HttpResult answer = me.send("POST", "", wrong, BODY);
            if (answer.status() == 401) {
                assertError(answer, 401, "otp_invalid");
                evaluated++;
            } else {
                locked = answer;
                assertError(answer, 429, "otp_locked");
            }
        }

        assertEquals(5, evaluated, "the policy's default otpMaxFailures");
        long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After " + retryAfter);
        assertError(me.send("POST", "", me.otp(), BODY), 429, "otp_locked");
        assertEquals(0, me.list().expect(200).json().size());
        new DirectGrant(server).login(user).expect(200);
    }

    @Test
    void aParallelBurstOfWrongCodesEvaluatesNoMoreThanTheLimit(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String wrong = wrongCode(me);
        List<java.util.function.Supplier<HttpResult>> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 80; i++) {
            burst.add(() -> me.send("POST", "", wrong, BODY));
        }

        List<HttpResult> answers = Parallel.send(burst);

        long evaluated = answers.stream().filter(answer -> answer.status() == 401).count();
        assertTrue(evaluated >= 1 && evaluated <= 5, evaluated + " codes evaluated");
        for (HttpResult answer : answers) {
            String code = answer.json().path("error").asText();
            assertTrue(List.of("otp_invalid", "otp_locked", "user_locked").contains(code), answer.toString());
        }
        assertEquals(0, me.list().expect(200).json().size());
    }

    /**
     * Keycloak's brute-force protector records failures asynchronously; the lock shows up within moments. Polls
     * with "delete all", which changes nothing for a user without keys and checks the lock before anything else.
     */
    private static void awaitLock(SelfService me) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        HttpResult last;
        do {
            last = me.send("DELETE", "", me.otp(), null);
            if (last.status() != 204) {
                break;
            }
            Pause.of(Duration.ofMillis(500));
        } while (Instant.now().isBefore(deadline));
        assertError(last, 423, "user_locked");
    }

    private static String wrongCode(SelfService me) {
        String right = me.otp();
        return right.equals("000000") ? "111111" : "000000";
    }
}
