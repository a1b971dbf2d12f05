package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TotpTest {

    private static final String RFC_6238_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void base32MatchesTheRfc6238Key() {
        byte[] key = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

        assertEquals(RFC_6238_SECRET, Totp.encodeBase32(key));
        assertArrayEquals(key, Totp.decodeBase32(RFC_6238_SECRET));
    }

    @Test
    void randomSecretsDecodeToTwentyBytes() {
        assertEquals(20, Totp.decodeBase32(Totp.randomSecret()).length);
    }

    @ParameterizedTest
    @CsvSource({
        "59, 287082",
        "1111111109, 081804",
        "1111111111, 050471",
        "1234567890, 005924",
        "2000000000, 279037",
        "20000000000, 353130"
    })
    void codesMatchTheRfc6238Sha1Vectors(long epochSecond, String expected) {
        assertEquals(expected, Totp.code(RFC_6238_SECRET, Totp.step(Instant.ofEpochSecond(epochSecond))));
    }
}
