package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The run's last word on every server and node it started (last by {@code junit-platform.properties}): none
 * answered anything, to the harness or to the browser, with a 5xx, and no log holds an error or stack trace of the
 * extension, nor a secret, wrong secret, hash, the pepper or an OTP code that the run used.
 */
@Order(Integer.MAX_VALUE)
final class RunGuardIT {

    @Test
    void noServerOfTheRunFailedAnAnswerOrLoggedWhatItMustNot() throws IOException {
        List<String> problems = RunGuard.problems();

        assertFalse(RunGuard.logs().isEmpty(), "the run started servers");
        assertTrue(RunGuard.answersCounted() > 0, "the servers counted their answers");
        boolean debugLogged = false;
        for (Path log : RunGuard.logs()) {
            debugLogged |= Files.readString(log).contains("DEBUG [dev.apikeys.");
        }
        assertTrue(debugLogged, "the extension's debug logging was on, so the scan read what it logs");
        System.out.printf("Run guard: %d answers counted, %d logs scanned for %d secrets, %d hashes and %d OTP codes%n",
                RunGuard.answersCounted(), RunGuard.logs().size(), RunGuard.used(RunGuard.Kind.SECRET),
                RunGuard.used(RunGuard.Kind.HASH), RunGuard.used(RunGuard.Kind.OTP_CODE));
        assertEquals(List.of(), problems, "what the run's servers must never do");
    }
}
