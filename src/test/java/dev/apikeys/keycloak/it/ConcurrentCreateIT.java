package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many parallel creates by one user never end with more keys than the realm allows. */
@ExtendWith(KeycloakExtension.class)
final class ConcurrentCreateIT {

    private static final int PARALLEL = 20;
    private static final int LIMIT = 5;

    @Test
    void twentyParallelCreatesAgainstALimitOfFive(Admin admin, KeycloakServer server) throws Exception {
        String realm = admin.importRealm("realms/base.json", Map.of("maxKeysPerUser", LIMIT, "otpRequired", false));
        SelfService me = SelfService.signIn(server, admin.createUser(realm, "racer"));

        List<Supplier<HttpResult>> calls = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            String body = "{\"label\":\"racer-" + i + "\"}";
            calls.add(() -> me.send("POST", "", null, body));
        }
        List<HttpResult> answers = Parallel.send(calls);

        Map<String, Integer> outcomes = new TreeMap<>();
        for (HttpResult result : answers) {
            String outcome = result.status() == 201 ? "201" : result.status() + " " + result.json().path("error").asText();
            outcomes.merge(outcome, 1, Integer::sum);
        }
        assertEquals(Map.of("201", LIMIT, "409 too_many_keys", PARALLEL - LIMIT), outcomes);
        assertEquals(LIMIT, me.list().expect(200).json().size());
    }
}
