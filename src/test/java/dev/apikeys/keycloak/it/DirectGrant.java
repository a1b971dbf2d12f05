package dev.apikeys.keycloak.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

public final class DirectGrant {

    public static final String CLIENT_ID = "it-cli";
    private static final int BUSY_RETRIES = 10;
    private static final Duration BUSY_PAUSE = Duration.ofMillis(200);

    private final KeycloakServer server;

    public DirectGrant(KeycloakServer server) {
        this.server = server;
    }

    public String accessToken(TestUser user) {
        return login(user).expect(200).json().path("access_token").asText();
    }

    public HttpResult login(TestUser user) {
        return user.otp().map(device -> login(user, device.nextCode())).orElseGet(() -> send(user, passwordGrant(user)));
    }

    public HttpResult login(TestUser user, String totp) {
        Map<String, String> form = passwordGrant(user);
        form.put("totp", totp);
        return send(user, form);
    }

    /**
     * Keycloak's default brute-force protector refuses a user's login while the previous login's bookkeeping still
     * runs on its background executor; the refusal reads like a wrong password, and only the event's error
     * (user_temporarily_disabled) tells. Tests log one user in back to back, so that refusal is retried for a
     * moment. The refused attempt consumed nothing: the check runs before the password and the code.
     */
    private HttpResult send(TestUser user, Map<String, String> form) {
        HttpResult answer = server.tokenRequest(user.realm(), form);
        for (int retry = 0; retry < BUSY_RETRIES && isRefusedLogin(answer) && refusedWhileBusy(user); retry++) {
            Pause.of(BUSY_PAUSE);
            answer = server.tokenRequest(user.realm(), form);
        }
        return answer;
    }

    /** Keycloak refuses a password grant's credentials with 401 up to 26.4, with 400 from 26.5 on. */
    static boolean isRefusedLogin(HttpResult answer) {
        return answer.status() == 400 || answer.status() == 401;
    }

    private boolean refusedWhileBusy(TestUser user) {
        JsonNode latest = new Admin(server).events(user.realm(), Map.of("type", "LOGIN_ERROR", "user", user.id(), "max", "1"));
        return latest.size() == 1 && "user_temporarily_disabled".equals(latest.get(0).path("error").asText());
    }

    private static Map<String, String> passwordGrant(TestUser user) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT_ID);
        form.put("username", user.username());
        form.put("password", user.password());
        return form;
    }
}
