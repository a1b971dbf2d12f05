package dev.apikeys.keycloak.ip;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The console checks allow-list entries before a step-up code is spent, with its own parser (a browser has no
 * InetAddress); the cases in its ip-entries.json, which its unit test runs too, hold the two parsers together.
 */
class ConsoleIpEntriesTest {

    private static final Path CASES = Path.of("themes/api-keys-account/src/api-keys/ip-entries.json");

    @ParameterizedTest
    @MethodSource("accepted")
    void theServerAcceptsWhatTheConsoleLetsThrough(String entry) {
        assertDoesNotThrow(() -> IpRange.parse(entry), entry);
    }

    @ParameterizedTest
    @MethodSource("refused")
    void theServerRefusesWhatTheConsoleStops(String entry) {
        assertThrows(IllegalArgumentException.class, () -> IpRange.parse(entry), entry);
    }

    static Stream<String> accepted() throws IOException {
        return entries("accepted");
    }

    static Stream<String> refused() throws IOException {
        return entries("refused");
    }

    private static Stream<String> entries(String kind) throws IOException {
        JsonNode cases = new ObjectMapper().readTree(CASES.toFile());
        List<String> entries = new ArrayList<>();
        cases.path(kind).forEach(entry -> entries.add(entry.asText()));
        return entries.stream();
    }
}
