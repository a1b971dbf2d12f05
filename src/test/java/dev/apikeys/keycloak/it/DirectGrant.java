package dev.apikeys.keycloak.it;

import java.util.LinkedHashMap;
import java.util.Map;

public final class DirectGrant {

    public static final String CLIENT_ID = "it-cli";

    private final KeycloakServer server;

    public DirectGrant(KeycloakServer server) {
        this.server = server;
    }

    public String accessToken(TestUser user) {
        return login(user).expect(200).json().path("access_token").asText();
    }

    public HttpResult login(TestUser user) {
        return user.otp().map(device -> login(user, device.nextCode())).orElseGet(() -> server.tokenRequest(
                user.realm(), passwordGrant(user)));
    }

    public HttpResult login(TestUser user, String totp) {
        Map<String, String> form = passwordGrant(user);
        form.put("totp", totp);
        return server.tokenRequest(user.realm(), form);
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
