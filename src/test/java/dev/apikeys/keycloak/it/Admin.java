package dev.apikeys.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

public final class Admin {

    private static final Map<String, Object> TOTP_CREDENTIAL_DATA = Map.of(
            "subType", "totp",
            "digits", Totp.DIGITS,
            "period", Totp.PERIOD_SECONDS,
            "algorithm", "HmacSHA1",
            "counter", 0,
            "secretEncoding", "BASE32");

    private final KeycloakServer server;

    public Admin(KeycloakServer server) {
        this.server = server;
    }

    public String importRealm(String fixture) {
        ObjectNode realm = (ObjectNode) Json.parse(readResource(fixture));
        String name = realm.path("realm").asText("it") + "-" + UUID.randomUUID().toString().substring(0, 8);
        realm.put("realm", name);
        realm.remove("id");
        if (realm.has("clientScopes")) {
            importWithOwnClientScopes(realm);
        } else {
            post("/admin/realms", realm).expect(201);
        }
        return name;
    }

    /**
     * Imports a realm whose client scopes of its own (read, trade, withdraw) come after Keycloak's defaults. A realm
     * imported with a {@code clientScopes} list gets Keycloak's default client scopes (basic, roles, profile, ...)
     * only from 26.7 on, and only with the attribute CreateDefaultClientScopes; 26.4 and 26.5 import it without
     * them, and its built-in clients (the account console among them) without any scope, so tokens carry no roles. So the
     * realm is created without its own scopes, as Keycloak creates any realm, and they are added through the
     * admin API with their role mappings and client assignments: the same realm on every version.
     */
    private void importWithOwnClientScopes(ObjectNode realm) {
        ArrayNode ownScopes = (ArrayNode) realm.remove("clientScopes");
        JsonNode scopeMappings = realm.remove("scopeMappings");
        java.util.Set<String> own = new java.util.HashSet<>();
        ownScopes.forEach(scope -> own.add(scope.path("name").asText()));
        if (realm.path("attributes").isObject()) {
            ((ObjectNode) realm.get("attributes")).remove("CreateDefaultClientScopes");
        }
        Map<String, Map<String, java.util.List<String>>> assignments = new java.util.LinkedHashMap<>();
        for (JsonNode client : realm.path("clients")) {
            for (String kind : java.util.List.of("defaultClientScopes", "optionalClientScopes")) {
                if (client.has(kind)) {
                    ArrayNode kept = Json.MAPPER.createArrayNode();
                    for (JsonNode scope : client.get(kind)) {
                        if (own.contains(scope.asText())) {
                            assignments.computeIfAbsent(client.path("clientId").asText(), c -> new java.util.HashMap<>())
                                    .computeIfAbsent(kind, k -> new java.util.ArrayList<>()).add(scope.asText());
                        } else {
                            kept.add(scope);
                        }
                    }
                    ((ObjectNode) client).set(kind, kept);
                }
            }
        }
        String name = realm.path("realm").asText();
        post("/admin/realms", realm).expect(201);
        Map<String, String> scopeIds = new java.util.HashMap<>();
        for (JsonNode scope : ownScopes) {
            HttpResult created = post(realmPath(name) + "/client-scopes", scope).expect(201);
            String location = created.header("Location").orElseThrow();
            scopeIds.put(scope.path("name").asText(), location.substring(location.lastIndexOf('/') + 1));
        }
        for (JsonNode mapping : scopeMappings == null ? Json.MAPPER.createArrayNode() : scopeMappings) {
            java.util.List<JsonNode> roles = new java.util.ArrayList<>();
            mapping.path("roles").forEach(role -> roles.add(get(realmPath(name) + "/roles/" + role.asText()).expect(200).json()));
            post(realmPath(name) + "/client-scopes/" + scopeIds.get(mapping.path("clientScope").asText())
                    + "/scope-mappings/realm", roles).expect(204);
        }
        assignments.forEach((clientId, kinds) -> {
            String client = clientUuid(name, clientId);
            kinds.forEach((kind, scopes) -> {
                String path = kind.equals("defaultClientScopes") ? "/default-client-scopes/" : "/optional-client-scopes/";
                scopes.forEach(scope -> put(realmPath(name) + "/clients/" + client + path + scopeIds.get(scope), Map.of())
                        .expect(204));
            });
        });
    }

    /**
     * Imports a realm file as shipped, such as the demo's {@code realm-export.json}. Keycloak before 26.7 ignores its
     * CreateDefaultClientScopes attribute (see {@link #importWithOwnClientScopes}); there the README tells
     * administrators to create the realm first and add its own client scopes after, and so does this.
     */
    public void importRealmFile(ObjectNode realm) {
        if (!honoursCreateDefaultClientScopes() && realm.has("clientScopes")) {
            importWithOwnClientScopes(realm);
        } else {
            post("/admin/realms", realm).expect(201);
        }
    }

    /** Imports a fixture and sets its API-key policy through the admin API. */
    public String importRealm(String fixture, Map<String, Object> apiKeyPolicy) {
        String realm = importRealm(fixture);
        put(realmPath(realm) + "/api-keys/policy", apiKeyPolicy).expect(200);
        return realm;
    }

    /** Makes the named flow the client's direct-grant flow (flow ids are global, so fixtures cannot name them). */
    public void bindDirectGrantFlow(String realm, String clientId, String flowAlias) {
        bindFlow(realm, clientId, "direct_grant", flowAlias);
    }

    /** Makes the named flow the client's flow for {@code binding} ("browser", "direct_grant"). */
    public void bindFlow(String realm, String clientId, String binding, String flowAlias) {
        String flowId = null;
        for (JsonNode flow : get(realmPath(realm) + "/authentication/flows").expect(200).json()) {
            if (flowAlias.equals(flow.path("alias").asText())) {
                flowId = flow.path("id").asText();
            }
        }
        if (flowId == null) {
            throw new AssertionError("No flow " + flowAlias + " in realm " + realm);
        }
        String id = clientUuid(realm, clientId);
        ObjectNode client = (ObjectNode) get(realmPath(realm) + "/clients/" + id).expect(200).json();
        ObjectNode overrides = client.has("authenticationFlowBindingOverrides")
                ? (ObjectNode) client.get("authenticationFlowBindingOverrides")
                : client.putObject("authenticationFlowBindingOverrides");
        overrides.put(binding, flowId);
        put(realmPath(realm) + "/clients/" + id, client).expect(204);
    }

    public String clientUuid(String realm, String clientId) {
        JsonNode clients = get(realmPath(realm) + "/clients" + query(Map.of("clientId", clientId))).expect(200).json();
        if (clients.isEmpty()) {
            throw new AssertionError("No client " + clientId + " in realm " + realm);
        }
        return clients.get(0).path("id").asText();
    }

    public void grantRealmRole(String realm, String userId, String role) {
        JsonNode representation = get(realmPath(realm) + "/roles/" + role).expect(200).json();
        post(realmPath(realm) + "/users/" + userId + "/role-mappings/realm", java.util.List.of(representation)).expect(204);
    }

    public void grantClientRole(String realm, String userId, String clientId, String role) {
        String client = clientUuid(realm, clientId);
        JsonNode representation = get(realmPath(realm) + "/clients/" + client + "/roles/" + role).expect(200).json();
        post(realmPath(realm) + "/users/" + userId + "/role-mappings/clients/" + client, java.util.List.of(representation))
                .expect(204);
    }

    /** Takes the realm's default roles (account roles included) away from a user. */
    public void revokeDefaultRoles(String realm, String userId) {
        JsonNode representation = get(realmPath(realm) + "/roles/default-roles-" + realm).expect(200).json();
        server.send(withJson(realmPath(realm) + "/users/" + userId + "/role-mappings/realm", "DELETE",
                java.util.List.of(representation))).expect(204);
    }

    public void updateUser(String realm, String userId, Map<String, Object> changes) {
        put(realmPath(realm) + "/users/" + userId, changes).expect(204);
    }

    public TestUser createUser(String realm, String username) {
        return createUser(realm, username, Optional.empty());
    }

    public TestUser createUserWithOtp(String realm, String username, String base32Secret) {
        return createUser(realm, username, Optional.of(new OtpDevice(base32Secret)));
    }

    public String userId(String realm, String username) {
        JsonNode users = get(realmPath(realm) + "/users" + query(Map.of("username", username, "exact", "true")))
                .expect(200)
                .json();
        if (users.isEmpty()) {
            throw new AssertionError("No user " + username + " in realm " + realm);
        }
        return users.get(0).path("id").asText();
    }

    public void setRealmAttributes(String realm, Map<String, String> attributes) {
        put(realmPath(realm), Map.of("attributes", attributes)).expect(204);
    }

    public JsonNode events(String realm, Map<String, String> filter) {
        return get(realmPath(realm) + "/events" + query(filter)).expect(200).json();
    }

    public JsonNode adminEvents(String realm, Map<String, String> filter) {
        return get(realmPath(realm) + "/admin-events" + query(filter)).expect(200).json();
    }

    public HttpResult get(String path) {
        return server.send(authorized(path).GET().build());
    }

    public HttpResult post(String path, Object body) {
        return server.send(withJson(path, "POST", body));
    }

    public HttpResult put(String path, Object body) {
        return server.send(withJson(path, "PUT", body));
    }

    public HttpResult delete(String path) {
        return server.send(authorized(path).DELETE().build());
    }

    public static String realmPath(String realm) {
        return "/admin/realms/" + realm;
    }

    private TestUser createUser(String realm, String username, Optional<OtpDevice> otp) {
        String password = "pw-" + UUID.randomUUID();
        ObjectNode user = Json.MAPPER.createObjectNode()
                .put("username", username)
                .put("enabled", true)
                .put("email", username + "@example.test")
                .put("emailVerified", true)
                .put("firstName", username)
                .put("lastName", "Tester");
        ArrayNode credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", password).put("temporary", false);
        otp.ifPresent(device -> credentials.addObject()
                .put("type", "otp")
                .put("userLabel", "it-totp")
                .put("secretData", Json.write(Map.of("value", device.secret())))
                .put("credentialData", Json.write(TOTP_CREDENTIAL_DATA)));
        HttpResult created = post(realmPath(realm) + "/users", user).expect(201);
        String location = created.header("Location")
                .orElseThrow(() -> new AssertionError(created.request() + " returned no Location header"));
        return new TestUser(realm, location.substring(location.lastIndexOf('/') + 1), username, password, otp);
    }

    private static boolean honoursCreateDefaultClientScopes() {
        String[] version = System.getProperty("keycloak.version", "26.7").split("\\.");
        return Integer.parseInt(version[0]) > 26 || Integer.parseInt(version[1]) >= 7;
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + server.adminToken())
                .header("Accept", "application/json");
    }

    private HttpRequest withJson(String path, String method, Object body) {
        return authorized(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
    }

    private static String query(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        return parameters.entrySet().stream()
                .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String readResource(String name) {
        try (InputStream in = Admin.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
