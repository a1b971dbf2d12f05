package dev.apikeys.keycloak.it;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** A signed-in user calling {@code /realms/{realm}/api-keys}, as a script or the account console would. */
public final class SelfService {

    public static final String OTP_HEADER = "X-OTP";

    private final KeycloakServer server;
    private final TestUser user;
    private final String token;

    public SelfService(KeycloakServer server, TestUser user, String token) {
        this.server = server;
        this.user = user;
        this.token = token;
    }

    public static SelfService signIn(KeycloakServer server, TestUser user) {
        return new SelfService(server, user, new DirectGrant(server).accessToken(user));
    }

    /** A new user of the realm with OTP and these realm roles, signed in. */
    public static SelfService newOwner(Admin admin, KeycloakServer server, String realm, String... roles) {
        TestUser user = admin.createUserWithOtp(realm, "owner-" + UUID.randomUUID(), Totp.randomSecret());
        for (String role : roles) {
            admin.grantRealmRole(realm, user.id(), role);
        }
        return signIn(server, user);
    }

    public TestUser user() {
        return user;
    }

    public String token() {
        return token;
    }

    public String userId() {
        return user.id();
    }

    public String path(String suffix) {
        return "/realms/" + user.realm() + "/api-keys" + suffix;
    }

    /** The next unused code of the user's authenticator. */
    public String otp() {
        return user.otpDevice().nextCode();
    }

    public HttpResult policy() {
        return get("/policy");
    }

    public HttpResult list() {
        return get("");
    }

    public HttpResult get(String suffix) {
        return server.send(request(suffix, null).GET().build());
    }

    public HttpResult create(String label, List<String> scopes, List<String> ips) {
        return send("POST", "", otp(), Json.write(body(label, scopes, ips)));
    }

    /** Creates a key and returns the answer, failing the test unless it was created. */
    public JsonNode createKey(String label, List<String> scopes, List<String> ips) {
        return create(label, scopes, ips).expect(201).json();
    }

    public HttpResult update(String id, Map<String, Object> change) {
        return send("PUT", "/" + id, otp(), Json.write(change));
    }

    public HttpResult renew(String id) {
        return send("POST", "/" + id + "/renew", otp(), null);
    }

    public HttpResult delete(String id) {
        return send("DELETE", "/" + id, otp(), null);
    }

    public HttpResult deleteAll() {
        return send("DELETE", "", otp(), null);
    }

    /** Any request, with the given OTP code (or none) and raw body (or none). */
    public HttpResult send(String method, String suffix, String otp, String body) {
        return send(method, suffix, otp, body, "application/json");
    }

    /** Any request with a body of the given media type. */
    public HttpResult send(String method, String suffix, String otp, String body, String contentType) {
        HttpRequest.Builder builder = request(suffix, otp);
        if (body != null) {
            builder.header("Content-Type", contentType);
        }
        return server.send(builder.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public static Map<String, Object> body(String label, List<String> scopes, List<String> ips) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", label);
        if (scopes != null) {
            body.put("scopes", scopes);
        }
        if (ips != null) {
            body.put("ipAllowList", ips);
        }
        return body;
    }

    private HttpRequest.Builder request(String suffix, String otp) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri(path(suffix)))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (otp != null) {
            builder.header(OTP_HEADER, otp);
        }
        return builder;
    }
}
