package dev.apikeys.keycloak.it;

import java.util.LinkedHashMap;
import java.util.Map;

/** Token requests a bot would send with its API key. */
public final class KeyExchange {

    public static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String KEY_TOKEN_TYPE = "urn:apikeys:token-type:api-key";
    public static final String CLIENT = "bot-exchange";
    public static final String CLIENT_SECRET = "bot-exchange-secret";

    private final KeycloakServer server;
    private final String realm;

    public KeyExchange(KeycloakServer server, String realm) {
        this.server = server;
        this.realm = realm;
    }

    public HttpResult exchange(String secret) {
        return exchange(secret, null);
    }

    public HttpResult exchange(String secret, String scope) {
        return server.tokenRequest(realm, form(CLIENT, CLIENT_SECRET, secret, scope));
    }

    public HttpResult exchangeFrom(String sourceAddress, String secret) {
        return LoopbackHttp.postForm(sourceAddress, server.uri(tokenPath()), form(CLIENT, CLIENT_SECRET, secret, null));
    }

    public String tokenPath() {
        return "/realms/" + realm + "/protocol/openid-connect/token";
    }

    public static Map<String, String> form(String clientId, String clientSecret, String secret, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT);
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("subject_token_type", KEY_TOKEN_TYPE);
        if (secret != null) {
            form.put("subject_token", secret);
        }
        if (scope != null) {
            form.put("scope", scope);
        }
        return form;
    }
}
