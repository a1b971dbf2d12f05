import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import dev.apikeys.keycloak.credential.ApiKeyCredentialData;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import dev.apikeys.keycloak.credential.SecretHasher;
import org.keycloak.util.JsonSerialization;

/**
 * Seeds benchmark users with one API key each, without the self-service API (which asks for an OTP code and
 * takes one request per key). Secrets, hashes and credential data come from the provider jar's own public
 * classes, so the stored keys are exactly what the extension would have stored; users are written with the
 * admin API's partialImport, a batch per request.
 *
 * <pre>
 * java -cp provider.jar:keycloak/lib/lib/main/* Seed.java BASE_URL REALM ADMIN_USER ADMIN_PASSWORD SECRETS_FILE FROM TO [BATCH [PARALLEL]]
 * </pre>
 * BATCH users go in one request (default 1000; partialImport runs a batch in one Hibernate session whose every
 * flush walks all entities of the batch, so the cost per user grows with the batch: about 100 is fastest);
 * PARALLEL requests are in flight at once (default 2). Each key's persisted last use is a random moment of the past
 * day (a fleet in steady state), or none with the environment variable SEED_LAST_USE=never-used.
 * Users FROM (inclusive) to TO (exclusive) are named {@code key-NNNNNN}; their secrets are appended to
 * SECRETS_FILE, one per line, in that order. Secrets never leave that file (bench/target, never committed).
 */
public final class Seed {

    private static final List<String> SCOPES = List.of("read", "trade");

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: Seed BASE_URL REALM ADMIN_USER ADMIN_PASSWORD SECRETS_FILE FROM TO [BATCH [PARALLEL]]");
            System.exit(2);
        }
        String baseUrl = args[0];
        String realm = args[1];
        String adminUser = args[2];
        String adminPassword = args[3];
        Path secretsFile = Path.of(args[4]);
        int from = Integer.parseInt(args[5]);
        int to = Integer.parseInt(args[6]);
        int batch = args.length > 7 ? Integer.parseInt(args[7]) : 1000;

        int parallel = args.length > 8 ? Integer.parseInt(args[8]) : 2;
        boolean neverUsed = "never-used".equals(System.getenv("SEED_LAST_USE"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        SecretHasher hasher = new SecretHasher(null);
        long started = System.nanoTime();
        long createdDate = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<List<String>>> batches = new ArrayList<>();
        for (int start = from; start < to; start += batch) {
            int first = start;
            int end = Math.min(to, start + batch);
            batches.add(pool.submit(() -> importBatch(http, baseUrl, realm, adminUser, adminPassword, hasher, createdDate, neverUsed, first, end)));
        }
        pool.shutdown();
        int done = 0;
        try (BufferedWriter secrets = Files.newBufferedWriter(secretsFile, StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            // in user order, so that line i of the file is the key of user key-i
            for (Future<List<String>> future : batches) {
                List<String> batchSecrets;
                try {
                    batchSecrets = future.get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
                for (String secret : batchSecrets) {
                    secrets.write(secret);
                    secrets.newLine();
                }
                secrets.flush();
                done += batchSecrets.size();
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("seeded %d/%d users with keys (%.0f s, %.0f users/s)%n", done, to - from, seconds, done / seconds);
            }
        }
    }

    /** Imports users FROM..TO-1, each with one key, in one partialImport request; returns their secrets in order. */
    private static List<String> importBatch(HttpClient http, String baseUrl, String realm, String adminUser, String adminPassword,
                                            SecretHasher hasher, long createdDate, boolean neverUsed, int from, int to)
            throws Exception {
        List<Map<String, Object>> users = new ArrayList<>(to - from);
        List<String> batchSecrets = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            String userId = UUID.randomUUID().toString();
            String keyId = ApiKeySecret.newKeyId();
            String secret = ApiKeySecret.generate(keyId, userId);
            // steady state of a fleet in use: the extension persists a key's last use at most once a day
            // (LastUse.PERSIST_INTERVAL_MILLIS), so the persisted last uses are spread over the past day
            Long lastUsedAt = neverUsed ? null : createdDate - ThreadLocalRandom.current().nextLong(86_400_000L);
            ApiKeyCredentialData data = new ApiKeyCredentialData("bench", SCOPES, List.of(), null, 0L, lastUsedAt,
                    neverUsed ? null : "127.0.0.1", hasher.algorithm());
            Map<String, Object> credential = new LinkedHashMap<>();
            credential.put("id", keyId);
            credential.put("type", "api-key");
            credential.put("userLabel", "bench");
            credential.put("createdDate", createdDate);
            credential.put("credentialData", JsonSerialization.writeValueAsString(data));
            credential.put("secretData", JsonSerialization.writeValueAsString(Map.of("hash", hasher.hash(secret))));
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", userId);
            user.put("username", String.format("key-%06d", i));
            user.put("enabled", true);
            user.put("email", String.format("key-%06d@bench.test", i));
            user.put("emailVerified", true);
            user.put("firstName", "Key");
            user.put("lastName", String.format("Owner %06d", i));
            user.put("credentials", List.of(credential));
            users.add(user);
            batchSecrets.add(secret);
        }
        String body = JsonSerialization.writeValueAsString(Map.of("ifResourceExists", "SKIP", "users", users));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/" + realm + "/partialImport"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + adminToken(http, baseUrl, adminUser, adminPassword))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("partialImport answered " + response.statusCode() + ": " + response.body());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = JsonSerialization.readValue(response.body(), Map.class);
        Object added = result.get("added");
        if (!(added instanceof Number) || ((Number) added).intValue() != to - from) {
            throw new IllegalStateException("partialImport added " + added + " of " + (to - from) + " users: " + result);
        }
        return batchSecrets;
    }

    private static String token;
    private static long tokenAt;

    /** master-realm admin tokens live 60 s: one is reused for 45 s rather than logging in (a password hash) per batch */
    private static synchronized String adminToken(HttpClient http, String baseUrl, String user, String password)
            throws IOException, InterruptedException {
        if (token == null || System.nanoTime() - tokenAt > 45_000_000_000L) {
            tokenAt = System.nanoTime();
            token = login(http, baseUrl, user, password);
        }
        return token;
    }

    private static String login(HttpClient http, String baseUrl, String user, String password) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("admin login answered " + response.statusCode() + ": " + response.body());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> token = JsonSerialization.readValue(response.body(), Map.class);
        return (String) token.get("access_token");
    }
}
