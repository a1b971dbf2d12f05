package dev.apikeys.keycloak.it;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A gateway in front of an API, asking Keycloak about the keys its callers send (forward-auth and introspection). */
final class Gateway {

    static final String CLIENT = "api-gateway";
    static final String SECRET = "api-gateway-secret";
    static final String ATTRIBUTE = "api-keys.gateway.enabled";

    private final KeycloakServer server;
    private final String realm;
    private final String basic;

    Gateway(KeycloakServer server, String realm, String clientId, String clientSecret) {
        this.server = server;
        this.realm = realm;
        this.basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    Gateway(KeycloakServer server, String realm) {
        this(server, realm, CLIENT, SECRET);
    }

    /** Adds a confidential client; {@code gateway} opts it in. */
    static void addClient(Admin admin, String realm, String clientId, String secret, boolean gateway) {
        addClient(admin, realm, clientId, secret, Map.of(ATTRIBUTE, Boolean.toString(gateway)));
    }

    static void addClient(Admin admin, String realm, String clientId, String secret, Map<String, String> attributes) {
        admin.post(Admin.realmPath(realm) + "/clients", Map.of("clientId", clientId, "secret", secret,
                "publicClient", false, "standardFlowEnabled", false, "directAccessGrantsEnabled", false,
                "attributes", attributes)).expect(201);
    }

    String path() {
        return "/realms/" + realm + "/api-keys/forward-auth";
    }

    /** GET forward-auth as nginx's auth_request sends it: the caller's key and address. */
    HttpResult check(String secret, String address) {
        return check("GET", path(), secret, address, Map.of());
    }

    HttpResult check(String method, String path, String secret, String address, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", basic);
        if (secret != null) {
            request.header("X-API-Key", secret);
        }
        if (address != null) {
            request.header("X-Client-Address", address);
        }
        headers.forEach(request::header);
        return server.send(request.build());
    }

    /** RFC 7662 introspection of the key at Keycloak's own endpoint. */
    HttpResult introspect(String secret, String address) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", secret);
        form.put("token_type_hint", "api_key");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", basic);
        if (address != null) {
            headers.put("X-Client-Address", address);
        }
        return server.postForm("/realms/" + realm + "/protocol/openid-connect/token/introspect", form, headers);
    }

    static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }
}
