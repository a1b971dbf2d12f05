package dev.apikeys.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

public final class KeycloakServer implements AutoCloseable {

    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin";
    static final String LOG_LEVEL = "INFO,dev.apikeys:debug";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOKEN_RENEWAL_MARGIN = Duration.ofSeconds(20);

    private final ServerRuntime runtime;
    private final HttpClient http;
    private String adminToken;
    private Instant adminTokenRenewal = Instant.MIN;

    private final Path log;

    private KeycloakServer(ServerRuntime runtime, HttpClient http, Path log) {
        this.runtime = runtime;
        this.http = http;
        this.log = log;
    }

    static KeycloakServer start() {
        HarnessSettings settings = HarnessSettings.fromSystemProperties();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant begin = Instant.now();
        ServerRuntime runtime = DistributionServer.start(settings, http);
        System.out.printf("Keycloak %s ready at %s after %d s, log: %s%n", settings.keycloakVersion(), runtime.baseUrl(), Duration.between(begin, Instant.now()).toSeconds(),
                settings.logFile());
        return new KeycloakServer(runtime, http, settings.logFile());
    }

    /** A server the caller started itself, such as one node of a cluster; {@code close} stops it. */
    static KeycloakServer of(ServerRuntime runtime, Path log) {
        return new KeycloakServer(runtime, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), log);
    }

    public String baseUrl() {
        return runtime.baseUrl();
    }

    /** Everything the server has logged so far (both runtimes write it to the same file). */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's Prometheus metrics page (its management interface). */
    public URI metrics() {
        return runtime.metrics();
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    public synchronized String adminToken() {
        if (Instant.now().isAfter(adminTokenRenewal)) {
            JsonNode token = tokenRequest("master", Map.of(
                            "grant_type", "password",
                            "client_id", "admin-cli",
                            "username", ADMIN_USERNAME,
                            "password", ADMIN_PASSWORD))
                    .expect(200)
                    .json();
            adminToken = token.path("access_token").asText();
            adminTokenRenewal = Instant.now()
                    .plusSeconds(token.path("expires_in").asLong())
                    .minus(TOKEN_RENEWAL_MARGIN);
        }
        return adminToken;
    }

    public HttpResult tokenRequest(String realm, Map<String, String> form) {
        return postForm("/realms/" + realm + "/protocol/openid-connect/token", form);
    }

    public HttpResult postForm(String path, Map<String, String> form) {
        return postForm(path, form, Map.of());
    }

    /** A form POST with extra request headers (an API key, a DPoP proof, ...). */
    public HttpResult postForm(String path, Map<String, String> form, Map<String, String> headers) {
        form.values().forEach(RunGuard::recordSecretsIn);
        String body = form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpResult send(HttpRequest request) {
        HttpRequest timed = request.timeout().isPresent()
                ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).timeout(REQUEST_TIMEOUT).build();
        try {
            timed.headers().map().values().forEach(values -> values.forEach(RunGuard::recordSecretsIn));
            HttpResponse<String> response = http.send(timed, HttpResponse.BodyHandlers.ofString());
            RunGuard.recordSecretsIn(response.body());
            return new HttpResult(timed.method() + " " + timed.uri(), response.statusCode(), response.body(),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(timed.method() + " " + timed.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + timed.method() + " " + timed.uri(), e);
        }
    }

    @Override
    public void close() {
        runtime.close();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
