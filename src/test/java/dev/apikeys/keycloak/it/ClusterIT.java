package dev.apikeys.keycloak.it;

import static dev.apikeys.keycloak.it.TokenExchangeIT.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Keycloak nodes in production mode on one PostgreSQL database, as identity teams run them (see
 * {@link KeycloakCluster}). Whatever one node does with a key, the other knows at once. The failover test runs last
 * because it kills and restarts the nodes; the others only need both nodes up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class ClusterIT {

    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> SECRETS_SEEN = new ArrayList<>();

    private static KeycloakCluster cluster;
    private static KeycloakCluster.Node nodeA;
    private static KeycloakCluster.Node nodeB;
    private static String realm;

    @BeforeAll
    static void startTwoNodes() {
        cluster = KeycloakCluster.build();
        nodeA = cluster.node("node-a");
        nodeB = cluster.node("node-b");
        long[] marks = logMarks();
        nodeA.start();
        nodeB.start();
        awaitClusterOfTwo(marks);
        realm = new Admin(nodeA.server()).importRealm("realms/exchange.json", Map.of("maxKeysPerUser", 5));
    }

    @AfterAll
    static void stopAndCheckTheLogs() {
        if (cluster == null) {
            return;
        }
        cluster.close();
        for (KeycloakCluster.Node node : List.of(nodeA, nodeB)) {
            String log = node.server().log();
            assertFalse(log.contains(ApiKeySecret.PREFIX), "no secret in " + node.log());
            assertTrue(log.lines().noneMatch(line -> line.contains(" ERROR ") && line.contains("dev.apikeys")),
                    "no error of the extension in " + node.log());
            for (String secret : SECRETS_SEEN) {
                assertFalse(log.contains(secret.substring(ApiKeySecret.PREFIX.length())), "no secret in " + node.log());
            }
        }
    }

    @Test
    @Order(1)
    void aKeyMadeAndChangedOnOneNodeIsAtOnceTheSameOnTheOther() {
        TestUser user = owner();
        SelfService onA = SelfService.signIn(nodeA.server(), user);
        SelfService onB = new SelfService(nodeB.server(), user, onA.token());
        JsonNode key = onA.createKey("made on a", List.of("trade"), null);
        String id = key.path("id").asText();

        exchange(nodeB, secret(key)).expect(200);
        onA.update(id, Map.of("label", "renamed on a")).expect(200);
        assertEquals("renamed on a", onB.get("/" + id).expect(200).json().path("label").asText());
        long renewed = onA.renew(id).expect(200).json().path("expiresAt").asLong();
        assertEquals(renewed, onB.get("/" + id).expect(200).json().path("expiresAt").asLong());
        assertTrue(onB.get("/" + id).expect(200).json().path("lastUsedAt").asLong() > 0,
                "the use through node b shows through either node");
        assertEquals("127.0.0.1", onA.get("/" + id).expect(200).json().path("lastUsedIp").asText());
    }

    @Test
    @Order(2)
    void aKeyDeletedOrAnOwnerDisabledOnOneNodeIsRefusedByTheOther() {
        TestUser user = owner();
        SelfService onA = SelfService.signIn(nodeA.server(), user);
        JsonNode selfDeleted = onA.createKey("self-deleted", null, null);
        JsonNode adminDeleted = onA.createKey("admin-deleted", null, null);
        exchange(nodeB, secret(selfDeleted)).expect(200);
        exchange(nodeA, secret(adminDeleted)).expect(200);

        onA.delete(selfDeleted.path("id").asText()).expect(204);
        new Admin(nodeB.server()).delete(Admin.realmPath(realm) + "/api-keys/users/" + user.id() + "/"
                + adminDeleted.path("id").asText()).expect(204);

        assertOAuthError(exchange(nodeB, secret(selfDeleted)), "invalid_grant");
        assertOAuthError(exchange(nodeA, secret(adminDeleted)), "invalid_grant");

        TestUser disabled = owner();
        JsonNode key = SelfService.signIn(nodeA.server(), disabled).createKey("owner disabled", null, null);
        exchange(nodeB, secret(key)).expect(200);
        new Admin(nodeA.server()).updateUser(realm, disabled.id(), Map.of("enabled", false));
        HttpResult refused = exchange(nodeB, secret(key));
        assertOAuthError(refused, "invalid_grant");
        assertTrue(refused.json().path("error_description").asText().contains("disabled"), refused.body());
    }

    @Test
    @Order(3)
    void wrongSecretsCountedOnBothNodesThrottleTheKeyOnBoth() {
        TestUser user = owner();
        JsonNode key = SelfService.signIn(nodeA.server(), user).createKey("attacked", null, null);
        String wrong = ApiKeySecret.generate(key.path("id").asText(), user.id());
        Pause.untilThrottleWindowHasRoom();

        for (int i = 0; i < 5; i++) {
            assertOAuthError(exchange(nodeA, wrong), "invalid_grant");
            assertOAuthError(exchange(nodeB, wrong), "invalid_grant");
        }

        assertOAuthError(exchange(nodeA, secret(key)), "invalid_grant");
        assertOAuthError(exchange(nodeB, secret(key)), "invalid_grant");
        Admin admin = new Admin(nodeA.server());
        String id = key.path("id").asText();
        assertEquals(1, RefusalEvents.count(admin, realm, RefusalEvents.EXCHANGE, "api_key_throttled", id),
                "two throttled uses, one on each node: the store keeps one per reason, address and minute cluster-wide");
        assertEquals(1, RefusalEvents.count(admin, realm, RefusalEvents.EXCHANGE, "api_key_secret_mismatch", id),
                "ten wrong secrets over both nodes, one stored row");
    }

    @Test
    @Order(3)
    void aPolicyChangedThroughOneNodeGovernsTheOtherAtOnce() {
        Admin onA = new Admin(nodeA.server());
        String governed = onA.importRealm("realms/exchange.json");
        TestUser user = onA.createUserWithOtp(governed, "governed-" + UUID.randomUUID(), Totp.randomSecret());
        String trader = secret(SelfService.signIn(nodeA.server(), user).createKey("trader", List.of("trade"), null));
        KeyExchange throughB = new KeyExchange(nodeB.server(), governed);
        throughB.exchange(trader, "trade").expect(200);

        onA.put(Admin.realmPath(governed) + "/api-keys/policy", Map.of("scopes", List.of("read", "withdraw"))).expect(200);

        assertOAuthError(throughB.exchange(trader, "trade"), "invalid_scope");
        onA.put(Admin.realmPath(governed) + "/api-keys/policy", Map.of("scopes", List.of("read", "trade", "withdraw")))
                .expect(200);
        throughB.exchange(trader, "trade").expect(200);
    }

    @Test
    @Order(4)
    void parallelCreatesOverBothNodesStopAtTheLimit() {
        Admin admin = new Admin(nodeA.server());
        String racing = admin.importRealm("realms/base.json", Map.of("maxKeysPerUser", 5, "otpRequired", false));
        TestUser user = admin.createUser(racing, "racer-" + UUID.randomUUID());
        SelfService onA = SelfService.signIn(nodeA.server(), user);
        SelfService onB = new SelfService(nodeB.server(), user, onA.token());

        List<Supplier<HttpResult>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SelfService via = i % 2 == 0 ? onA : onB;
            String body = "{\"label\":\"racer-" + i + "\"}";
            calls.add(() -> via.send("POST", "", null, body));
        }
        List<HttpResult> answers = Parallel.send(calls);

        long created = answers.stream().filter(answer -> answer.status() == 201).count();
        assertEquals(5, created, answers.toString());
        for (HttpResult answer : answers) {
            assertTrue(answer.status() == 201 || "too_many_keys".equals(answer.json().path("error").asText())
                    || "concurrent_change".equals(answer.json().path("error").asText()), answer.toString());
        }
        assertEquals(5, onB.list().expect(200).json().size());
    }

    @Test
    @Order(5)
    void afterANodeIsKilledTheOtherServesAndTheClusterHealsAndRestarts() {
        TestUser user = owner();
        SelfService onA = SelfService.signIn(nodeA.server(), user);
        JsonNode before = onA.createKey("before the crash", null, null);
        exchange(nodeB, secret(before)).expect(200);

        long[] crash = logMarks();
        nodeB.kill();
        exchange(nodeA, secret(before)).expect(200);
        JsonNode during = onA.createKey("during the outage", null, null);
        exchange(nodeA, secret(during)).expect(200);
        assertTrue(logSince(nodeA, crash[0]).contains("ISPN000094"), "node a saw node b leave the cluster");

        long[] rejoin = logMarks();
        nodeB.start();
        awaitClusterOfTwo(rejoin);
        exchange(nodeB, secret(before)).expect(200);
        exchange(nodeB, secret(during)).expect(200);

        nodeA.stop();
        nodeB.stop();
        long[] restart = logMarks();
        nodeA.start();
        nodeB.start();
        awaitClusterOfTwo(restart);
        exchange(nodeA, secret(before)).expect(200);
        exchange(nodeB, secret(during)).expect(200);
        assertEquals(2, SelfService.signIn(nodeB.server(), user).list().expect(200).json().size());
    }

    private static TestUser owner() {
        return new Admin(nodeA.server()).createUserWithOtp(realm, "clustered-" + UUID.randomUUID(), Totp.randomSecret());
    }

    private static String secret(JsonNode key) {
        String secret = key.path("secret").asText();
        SECRETS_SEEN.add(secret);
        return secret;
    }

    private static HttpResult exchange(KeycloakCluster.Node node, String secret) {
        return new KeyExchange(node.server(), realm).exchange(secret);
    }

    /** Where each node's log ends now, so that a wait can look only at what comes after. */
    private static long[] logMarks() {
        return new long[] {logLength(nodeA), logLength(nodeB)};
    }

    private static long logLength(KeycloakCluster.Node node) {
        try {
            return java.nio.file.Files.exists(node.log()) ? java.nio.file.Files.size(node.log()) : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String logSince(KeycloakCluster.Node node, long mark) {
        try {
            byte[] all = java.nio.file.Files.readAllBytes(node.log());
            return new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Both nodes see each other: each logs Infinispan's new view of two members after the marks. */
    private static void awaitClusterOfTwo(long[] marks) {
        Instant deadline = Instant.now().plus(VIEW_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (logSince(nodeA, marks[0]).lines().anyMatch(ClusterIT::isViewOfTwo)
                    && logSince(nodeB, marks[1]).lines().anyMatch(ClusterIT::isViewOfTwo)) {
                return;
            }
            Pause.of(Duration.ofMillis(500));
        }
        throw new AssertionError("the two nodes did not form a cluster within " + VIEW_TIMEOUT.toSeconds() + " s; see "
                + nodeA.log() + " and " + nodeB.log());
    }

    private static boolean isViewOfTwo(String line) {
        return line.contains("ISPN000094") && line.contains("(2)");
    }

}
