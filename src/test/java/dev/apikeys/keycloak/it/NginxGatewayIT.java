package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The gateway examples a user copies from examples/gateways. nginx.conf in front of an API: Debian's nginx asks the
 * extension's forward-auth endpoint about every request, and the API (a recording server here) sees only requests
 * with a valid key, learns their owner from headers no caller can set, and never sees the key itself. Each test
 * sends its requests to paths of its own, so what the API saw is told apart per test. And introspect.sh, for
 * gateways that ask with RFC 7662 introspection instead.
 */
@ExtendWith(KeycloakExtension.class)
final class NginxGatewayIT {

    private static final Path EXAMPLES = Path.of(System.getProperty("basedir", "."), "examples", "gateways");
    private static final String GATEWAY = "api-gateway";
    private static final String GATEWAY_SECRET = "api-gateway-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static String realm;
    private static RecordingApi api;
    private static Nginx nginx;

    @RegisterExtension
    static final TestWatcher NGINX_LOG_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (nginx != null) {
                System.out.println(context.getDisplayName() + " failed;" + nginx.logTail());
            }
        }
    };

    @BeforeAll
    static void startGateway(Admin admin, KeycloakServer server) {
        realm = admin.importRealm("realms/gateway.json");
        api = RecordingApi.start();
        nginx = Nginx.start(EXAMPLES.resolve("nginx.conf"), Map.of(
                "KEYCLOAK", server.baseUrl(),
                "REALM", realm,
                "GATEWAY_BASIC", Base64.getEncoder().encodeToString((GATEWAY + ":" + GATEWAY_SECRET).getBytes(StandardCharsets.UTF_8)),
                "UPSTREAM", api.baseUrl()), Path.of(System.getProperty("it.work.dir"), "nginx-gateway"));
    }

    @AfterAll
    static void stopGateway() {
        try {
            if (nginx != null) {
                nginx.close();
            }
        } finally {
            if (api != null) {
                api.stop();
            }
        }
    }

    @Test
    void aValidKeyReachesTheApiAsItsOwnerWithoutTheKey(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("reader", null, null);
        String path = uniquePath("/things/");

        send("GET", path, Map.of("X-API-Key", key.path("secret").asText()), null).expect(200);
        send("POST", path, Map.of("X-API-Key", key.path("secret").asText(), "Content-Type", "application/json"),
                "{\"price\":42}").expect(200);

        List<RecordingApi.Seen> seen = api.seen(path);
        assertEquals(List.of("GET", "POST"), seen.stream().map(RecordingApi.Seen::method).toList());
        for (RecordingApi.Seen request : seen) {
            assertEquals(me.userId(), request.header("X-Auth-User-Id"));
            assertEquals(me.user().username(), request.header("X-Auth-Username"));
            assertEquals(key.path("id").asText(), request.header("X-Auth-Key-Id"));
            assertEquals("read", request.header("X-Auth-Scope"));
            assertNull(request.header("X-API-Key"), "the key's secret stops at the gateway");
            assertNull(request.header("X-Client-Address"));
        }
        assertEquals("{\"price\":42}", seen.get(1).body(), "the check took nothing of the request's body");
    }

    @Test
    void requestsWithoutAValidKeyAreRefusedAndNeverReachTheApi(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("reader", null, null);
        String wrongSecret = ApiKeySecret.generate(key.path("id").asText(), me.userId());
        String path = uniquePath("/things/");

        assertRefused(send("GET", path, Map.of(), null), 401, "api_key_missing");
        assertRefused(send("GET", path, Map.of("X-API-Key", wrongSecret), null), 401, "api_key_invalid");
        assertRefused(send("GET", path, Map.of("X-API-Key", "not-a-key"), null), 401, "api_key_invalid");
        assertRefused(send("DELETE", path, Map.of("X-Auth-User-Id", me.userId()), null), 401, "api_key_missing");

        assertEquals(List.of(), api.seen(path));
    }

    @Test
    void aCallerCannotPoseAsAnotherUserOrAddress(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("reader", null, null);
        String path = uniquePath("/things/");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-API-Key", key.path("secret").asText());
        headers.put("X-Auth-User-Id", "someone-else");
        headers.put("X-Auth-Username", "admin");
        headers.put("X-Auth-Key-Id", "another-key");
        headers.put("X-Auth-Scope", "read trade withdraw");
        headers.put("X-Auth-Withdrawals-Bound", "true");
        headers.put("X-Client-Address", "10.9.8.7");

        send("GET", path, headers, null).expect(200);

        RecordingApi.Seen request = api.seen(path).get(0);
        assertEquals(me.userId(), request.header("X-Auth-User-Id"));
        assertEquals(me.user().username(), request.header("X-Auth-Username"));
        assertEquals(key.path("id").asText(), request.header("X-Auth-Key-Id"));
        assertEquals("read", request.header("X-Auth-Scope"));
        assertEquals("false", request.header("X-Auth-Withdrawals-Bound"));
        assertNull(request.header("X-Client-Address"));
        assertEquals(1, request.headers().get("X-Auth-User-Id").size(), request.headers().toString());
    }

    @Test
    void theOrdersRouteNeedsATradeKey(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String reader = me.createKey("reader", null, null).path("secret").asText();
        JsonNode trader = me.createKey("trader", List.of("trade"), null);
        String refusedPath = uniquePath("/api/orders/");
        String passedPath = uniquePath("/api/orders/");

        assertRefused(send("POST", refusedPath, Map.of("X-API-Key", reader), "{}"), 403, "insufficient_scope");
        send("POST", passedPath, Map.of("X-API-Key", trader.path("secret").asText()), "{}").expect(200);

        assertEquals(List.of(), api.seen(refusedPath));
        RecordingApi.Seen order = api.seen(passedPath).get(0);
        assertEquals(trader.path("id").asText(), order.header("X-Auth-Key-Id"));
        assertEquals("read trade", order.header("X-Auth-Scope"));
        send("GET", uniquePath("/things/"), Map.of("X-API-Key", reader), null).expect(200);
    }

    @Test
    void aDeletedKeyIsRefusedOnItsVeryNextRequest(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("short-lived", null, null);
        String path = uniquePath("/things/");
        Map<String, String> withKey = Map.of("X-API-Key", key.path("secret").asText());
        send("GET", path, withKey, null).expect(200);

        me.delete(key.path("id").asText()).expect(204);

        assertRefused(send("GET", path, withKey, null), 401, "api_key_invalid");
        assertEquals(1, api.seen(path).size());
    }

    @Test
    void theAllowListIsMatchedAgainstTheConnectionNotAHeader(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode key = me.createKey("office", null, List.of("127.0.0.2"));
        String secret = key.path("secret").asText();
        String path = uniquePath("/things/");

        assertRefused(send("GET", path, Map.of("X-API-Key", secret, "X-Client-Address", "127.0.0.2",
                "X-Forwarded-For", "127.0.0.2"), null), 401, "api_key_invalid");
        assertEquals(List.of(), api.seen(path));

        assertEquals(200, statusFrom("127.0.0.2", nginx.uri(path), Map.of("X-API-Key", secret)));
        assertEquals(me.userId(), api.seen(path).get(0).header("X-Auth-User-Id"));
    }

    @Test
    void theIntrospectionScriptAnswersForKeysAsKeycloakSeesThem(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode trader = me.createKey("trader", List.of("trade"), null);
        JsonNode office = me.createKey("office", null, List.of("127.0.0.2"));

        JsonNode active = Json.parse(introspect(server, GATEWAY_SECRET, trader.path("secret").asText()));
        assertTrue(active.path("active").asBoolean(), active.toString());
        assertEquals(me.userId(), active.path("sub").asText());
        assertEquals(me.user().username(), active.path("username").asText());
        assertEquals(trader.path("id").asText(), active.path("api_key_id").asText());
        assertEquals("read trade", active.path("scope").asText());

        assertInactive(introspect(server, GATEWAY_SECRET, office.path("secret").asText(), "127.0.0.1"));
        assertInactive(introspect(server, GATEWAY_SECRET, office.path("secret").asText()));
        assertTrue(Json.parse(introspect(server, GATEWAY_SECRET, office.path("secret").asText(), "127.0.0.2"))
                .path("active").asBoolean());
        assertInactive(introspect(server, GATEWAY_SECRET, ApiKeySecret.generate(trader.path("id").asText(), me.userId())));
        assertThrows(AssertionError.class, () -> introspect(server, "not-the-secret", trader.path("secret").asText()),
                "a gateway with a wrong secret learns nothing");
    }

    private static void assertInactive(String answer) {
        JsonNode json = Json.parse(answer);
        assertEquals(1, json.size(), answer);
        assertFalse(json.path("active").asBoolean(true), answer);
    }

    /** Runs examples/gateways/introspect.sh with the key on standard input and returns what it printed. */
    private static String introspect(KeycloakServer server, String gatewaySecret, String key, String... callerAddress) {
        RunGuard.recordSecretsIn(key);
        List<String> command = new ArrayList<>(List.of("sh", EXAMPLES.resolve("introspect.sh").toString()));
        command.addAll(List.of(callerAddress));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("KEYCLOAK", server.baseUrl(), "REALM", realm, "GATEWAY_ID", GATEWAY,
                "GATEWAY_SECRET", gatewaySecret));
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write((key + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("introspect.sh " + command.subList(2, command.size()) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run introspect.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(HttpResult answer, int status, String error) {
        answer.expect(status);
        String challenge = answer.header("WWW-Authenticate").orElseThrow(() -> new AssertionError(answer + " has no challenge"));
        assertTrue(challenge.startsWith("ApiKey ") && challenge.contains("error=\"" + error + "\""), challenge);
        assertEquals(error, answer.json().path("error").asText(), answer.body());
    }

    private static String uniquePath(String prefix) {
        return prefix + UUID.randomUUID();
    }

    private static HttpResult send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(nginx.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((name, value) -> {
            RunGuard.recordSecretsIn(value);
            request.header(name, value);
        });
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(method + " " + path + " through nginx", response.statusCode(), response.body(),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " through nginx failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The status of a GET sent from a chosen loopback address. Written by hand because the JDK 17 HTTP client cannot
     * choose its source address and {@link LoopbackHttp} sends form POSTs to Keycloak only.
     */
    private static int statusFrom(String sourceAddress, URI uri, Map<String, String> headers) {
        headers.values().forEach(RunGuard::recordSecretsIn);
        StringBuilder head = new StringBuilder("GET " + uri.getRawPath() + " HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName(uri.getHost()), uri.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Integer.parseInt(answer.substring(0, answer.indexOf("\r\n")).split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " from " + sourceAddress + " failed", e);
        }
    }

    /** The API behind the gateway: answers every request with 200 and remembers it, headers and body. */
    static final class RecordingApi {

        record Seen(String method, String path, Headers headers, String body) {

            String header(String name) {
                return headers.getFirst(name);
            }
        }

        private final HttpServer server;
        private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

        private RecordingApi(HttpServer server) {
            this.server = server;
        }

        static RecordingApi start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                RecordingApi api = new RecordingApi(server);
                server.createContext("/", exchange -> {
                    try {
                        Headers headers = new Headers();
                        headers.putAll(exchange.getRequestHeaders());
                        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                        api.seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body));
                        byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().set("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, answer.length);
                        exchange.getResponseBody().write(answer);
                    } finally {
                        exchange.close();
                    }
                });
                server.start();
                return api;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the recording API", e);
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<Seen> seen(String path) {
            return seen.stream().filter(request -> request.path().equals(path)).toList();
        }

        void stop() {
            server.stop(0);
        }
    }
}
