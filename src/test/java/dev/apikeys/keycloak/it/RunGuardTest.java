package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.apikeys.keycloak.credential.ApiKeySecret;
import org.junit.jupiter.api.Test;

class RunGuardTest {

    private static final String METRICS = """
            # HELP http_server_requests_seconds
            # TYPE http_server_requests_seconds summary
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/realms/{realm}"} 41.0
            http_server_requests_seconds_sum{method="GET",outcome="SERVER_ERROR",status="500",uri="/realms/{realm}/api-keys"} 0.2
            http_server_requests_seconds_count{method="POST",outcome="SERVER_ERROR",status="500",uri="/realms/{realm}/api-keys"} 2.0
            http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR",status="503",uri="/health"} 0.0
            http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="404",uri="NOT_FOUND"} 3.0
            """;

    @Test
    void countsEveryAnswerAndNamesTheServerErrors() {
        AtomicLong answers = new AtomicLong();

        List<String> errors = RunGuard.serverErrors(METRICS, answers);

        assertEquals(46, answers.get());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("2 x ") && errors.get(0).contains("status=\"500\"")
                && errors.get(0).contains("/api-keys"), errors.get(0));
    }

    @Test
    void findsWhatALogMustNotHoldWithoutQuotingIt() {
        String secret = ApiKeySecret.generate("0b7f3c525ad44a4b9a440d2a3c1e9f10", "f4c7a1e2-0e45-4f0e-9d7b-6f1f2f7f4a11");
        String body = secret.substring(ApiKeySecret.PREFIX.length());
        String log = String.join("\n",
                "2026-11-30 05:30:28,267 INFO  [org.keycloak.Foo] (main) Node name: node_438510, took 13.189000 s",
                "2026-11-30 05:30:29,001 DEBUG [dev.apikeys.keycloak.keyuse.ApiKeyGate] (executor-thread-1) key 123456",
                "2026-11-30 05:30:29,002 ERROR [dev.apikeys.keycloak.rest.X] (executor-thread-1) boom",
                "\tat dev.apikeys.keycloak.rest.X.handle(X.java:10)",
                "presented " + body.substring(0, body.length() - 1) + " and then " + body,
                "header was " + secret,
                "hash=c2VjcmV0LWhhc2gtdmFsdWUtb2YtYS1rZXk=",
                "pepper integration-test-pepper-not-a-secret",
                "version 654321.1 and id a654321b and 654321");
        Map<RunGuard.Kind, Set<String>> used = Map.of(
                RunGuard.Kind.SECRET, Set.of(secret),
                RunGuard.Kind.HASH, Set.of("c2VjcmV0LWhhc2gtdmFsdWUtb2YtYS1rZXk="),
                RunGuard.Kind.PEPPER, Set.of(HarnessSettings.PEPPER),
                RunGuard.Kind.OTP_CODE, Set.of("123456", "438510", "189000", "654321"));

        List<String> problems = RunGuard.scan("node.log", log, used);

        assertEquals(List.of(
                "node.log line 2: an OTP code",
                "node.log line 3: an ERROR of the extension: "
                        + "2026-11-30 05:30:29,002 ERROR [dev.apikeys.keycloak.rest.X] (executor-thread-1) boom",
                "node.log line 4: a stack trace through the extension: \tat dev.apikeys.keycloak.rest.X.handle(X.java:10)",
                "node.log line 5: a key secret",
                "node.log line 6: something in the format of a key secret",
                "node.log line 6: a key secret",
                "node.log line 7: a stored secret hash",
                "node.log line 8: the pepper",
                "node.log line 9: an OTP code"), problems);
        assertFalse(String.join("\n", problems).contains(body.substring(0, 12)), "no problem quotes the secret");
    }
}
