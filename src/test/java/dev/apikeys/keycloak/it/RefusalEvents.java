package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** Refused key uses as Keycloak records them: an error event with the precise reason and, where known, the key. */
final class RefusalEvents {

    static final String EXCHANGE = "TOKEN_EXCHANGE_ERROR";
    static final String LOGIN = "LOGIN_ERROR";

    private RefusalEvents() {
    }

    static void assertRecorded(Admin admin, String realm, String type, String error, String keyId) {
        assertTrue(count(admin, realm, type, error, keyId) > 0, "expected a " + type + " event " + error + " for key "
                + keyId + " in " + admin.events(realm, Map.of("type", type, "max", "20")));
    }

    /** @param keyId null to count events of any key, including those that named none */
    static long count(Admin admin, String realm, String type, String error, String keyId) {
        long count = 0;
        for (JsonNode event : admin.events(realm, Map.of("type", type, "max", "1000"))) {
            if (error.equals(event.path("error").asText())
                    && (keyId == null || keyId.equals(event.path("details").path("api_key_id").asText()))) {
                count++;
            }
        }
        return count;
    }

    /**
     * Keycloak's user-event metric for the realm, event type and error (null: successes): every event its listeners
     * saw, stored or not.
     */
    static double counted(KeycloakServer server, String realm, String event, String error) throws Exception {
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.metrics()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double total = 0;
        Matcher line = Pattern.compile("(?m)^keycloak_user_events_total\\{([^}]*)} ([0-9.eE+-]+)$").matcher(page);
        while (line.find()) {
            String tags = line.group(1);
            if (tags.contains("event=\"" + event + "\"") && tags.contains("realm=\"" + realm + "\"")
                    && tags.contains("error=\"" + (error == null ? "" : error) + "\"")) {
                total += Double.parseDouble(line.group(2));
            }
        }
        return total;
    }
}
