package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.models.utils.Base32;

/** The tests' authenticator computes the codes RFC 6238 gives, from secrets in the form the realm stores. */
final class TotpTest {

    /** RFC 6238's SHA-1 key, "12345678901234567890", base32-encoded. */
    private static final String RFC_6238_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void randomSecretsAreTwentyBytes() {
        assertEquals(20, Base32.decode(Totp.randomSecret()).length);
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
