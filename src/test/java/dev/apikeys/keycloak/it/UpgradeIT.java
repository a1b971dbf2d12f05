package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * An identity team upgrades Keycloak from 26.4 to 26.7 on the same PostgreSQL database: the keys its users made
 * before keep working, and can be changed, renewed and deleted, with the same jar.
 */
final class UpgradeIT {

    @Test
    void keysMadeOnTheOldestVersionKeepWorkingAfterTheUpgradeToTheNewest() throws IOException {
        HarnessSettings settings = HarnessSettings.fromSystemProperties();
        Path oldest = Path.of(System.getProperty("keycloak.oldest.dist.dir"));
        Path workDir = settings.workDir().resolveSibling("upgrade");
        Files.createDirectories(workDir);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String realm;
        TestUser user;
        JsonNode unbound;
        JsonNode bound;
        try (TestDatabase database = TestDatabase.create("upgrade")) {
            try (KeycloakServer before = start(oldest, settings, database, workDir.resolve("before.log"), http)) {
                Admin admin = new Admin(before);
                realm = admin.importRealm("realms/exchange.json");
                user = admin.createUserWithOtp(realm, "upgraded-" + UUID.randomUUID(), Totp.randomSecret());
                admin.grantRealmRole(realm, user.id(), "trader");
                SelfService me = SelfService.signIn(before, user);
                unbound = me.createKey("made before", List.of("trade"), null);
                bound = me.createKey("bound before", null, List.of("127.0.0.1"));
                new KeyExchange(before, realm).exchange(unbound.path("secret").asText()).expect(200);
            }

            try (KeycloakServer after = start(settings.distDir(), settings, database, workDir.resolve("after.log"), http)) {
                KeyExchange exchange = new KeyExchange(after, realm);
                JsonNode token = exchange.exchange(unbound.path("secret").asText(), "trade").expect(200).json();
                assertEquals(unbound.path("id").asText(), Jwt.claims(token.path("access_token").asText()).path("api_key_id").asText());
                exchange.exchange(bound.path("secret").asText()).expect(200);

                SelfService me = SelfService.signIn(after, user);
                assertEquals(List.of("made before", "bound before"), SelfServiceApiIT.strings(
                        me.list().expect(200).json().findValues("label").stream().collect(
                                Json.MAPPER::createArrayNode, (array, label) -> array.add(label), (a, b) -> a.addAll(b))));
                me.update(unbound.path("id").asText(), java.util.Map.of("label", "renamed after")).expect(200);
                me.renew(bound.path("id").asText()).expect(200);
                me.delete(bound.path("id").asText()).expect(204);
                exchange.exchange(unbound.path("secret").asText()).expect(200);
                me.createKey("made after", null, null);
            }
        }
    }

    private static KeycloakServer start(Path dist, HarnessSettings settings, TestDatabase database, Path log,
                                        HttpClient http) throws IOException {
        DistributionServer.installProvider(settings.providerJar(), dist.resolve("providers"));
        int[] ports = DistributionServer.freePorts(2);
        List<String> options = DistributionServer.devOptions(ports[0], ports[1]);
        options.addAll(database.keycloakOptions());
        return KeycloakServer.of(DistributionServer.launch(dist, options, ports[0], log, http, null), log);
    }
}
