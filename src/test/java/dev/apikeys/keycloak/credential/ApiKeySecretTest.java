package dev.apikeys.keycloak.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ApiKeySecretTest {

    private static final String USER = "6f1c2e4a-8a57-4a1e-9a55-0b2f3f4c5d6e";

    @Test
    void secretCarriesItsLookupHandle() {
        String keyId = ApiKeySecret.newKeyId();
        String secret = ApiKeySecret.generate(keyId, USER);

        ApiKeySecret parsed = ApiKeySecret.parse(secret).orElseThrow();
        assertEquals(keyId, parsed.keyId());
        assertEquals(USER, parsed.userId());
    }

    @Test
    void secretHasRecognizablePrefixAndOnlyBase62() {
        String secret = ApiKeySecret.generate(ApiKeySecret.newKeyId(), USER);
        assertTrue(secret.startsWith("kcak_"));
        assertTrue(secret.substring(5).chars().allMatch(Character::isLetterOrDigit), secret);
    }

    @Test
    void nonUuidUserIdsOfFederatedUsersSurvive() {
        String federated = "f:7a3c0f52-1111-4e3a-9c1b-2e5d1c0a9b8f:jdoe@example.com";
        String secret = ApiKeySecret.generate(ApiKeySecret.newKeyId(), federated);
        assertEquals(federated, ApiKeySecret.parse(secret).orElseThrow().userId());
    }

    @Test
    void forgedTextUserIdsThatNoLookupCouldParseAreMalformed() {
        for (String forged : new String[] {"f:x", "f:", "f::x", "f:provider:", "f:p:\u0000x", "local\nid", "a\u202Eb"}) {
            String secret = ApiKeySecret.generate(ApiKeySecret.newKeyId(), forged);
            assertTrue(ApiKeySecret.parse(secret).isEmpty(), forged);
        }
        assertEquals("plain-local-id", ApiKeySecret.parse(ApiKeySecret.generate(ApiKeySecret.newKeyId(), "plain-local-id"))
                .orElseThrow().userId());
    }

    @Test
    void everySecretIsDifferentEvenForTheSameKey() {
        String keyId = ApiKeySecret.newKeyId();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            secrets.add(ApiKeySecret.generate(keyId, USER));
        }
        assertEquals(100, secrets.size());
    }

    @Test
    void anySingleCharacterChangeIsCaughtByTheChecksum() {
        String secret = ApiKeySecret.generate(ApiKeySecret.newKeyId(), USER);
        for (int i = ApiKeySecret.PREFIX.length(); i < secret.length(); i++) {
            char replacement = secret.charAt(i) == 'a' ? 'b' : 'a';
            String typo = secret.substring(0, i) + replacement + secret.substring(i + 1);
            assertFalse(ApiKeySecret.parse(typo).isPresent(), "typo at " + i + " accepted");
        }
    }

    @Test
    void junkIsRefusedWithoutLookup() {
        assertFalse(ApiKeySecret.parse(null).isPresent());
        assertFalse(ApiKeySecret.parse("").isPresent());
        assertFalse(ApiKeySecret.parse("kcak_").isPresent());
        assertFalse(ApiKeySecret.parse("kcak_!!!!!!!!!!!!").isPresent());
        assertFalse(ApiKeySecret.parse("Bearer abc").isPresent());
        assertFalse(ApiKeySecret.parse("kcak_" + "A".repeat(600)).isPresent());
        String secret = ApiKeySecret.generate(ApiKeySecret.newKeyId(), USER);
        assertFalse(ApiKeySecret.parse(secret.toUpperCase()).isPresent());
        assertFalse(ApiKeySecret.parse(" " + secret).isPresent());
        assertFalse(ApiKeySecret.parse(secret.substring(0, secret.length() - 1)).isPresent());
    }

    @Test
    void wellFormedBodyWithCorrectChecksumButWrongVersionIsRefused() {
        String head = "kcak_" + Base62.encode(new byte[]{2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
                20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46,
                47, 48, 49, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        assertFalse(ApiKeySecret.parse(head + ApiKeySecret.checksum(head)).isPresent());
    }

    @Test
    void keyIdsAreLowerCaseHexOf128Bits() {
        String keyId = ApiKeySecret.newKeyId();
        assertTrue(keyId.matches("[0-9a-f]{32}"), keyId);
        assertTrue(ApiKeySecret.isKeyId(keyId));
        assertNotEquals(keyId, ApiKeySecret.newKeyId());
        assertFalse(ApiKeySecret.isKeyId(keyId.toUpperCase()));
        assertFalse(ApiKeySecret.isKeyId(UUID.randomUUID().toString()));
        assertFalse(ApiKeySecret.isKeyId("../../admin"));
        assertFalse(ApiKeySecret.isKeyId(null));
    }

    @Test
    void checksumIsSixBase62Characters() {
        assertEquals("000000", Base62.encodeFixed(0, 6));
        assertEquals(6, ApiKeySecret.checksum("kcak_anything").length());
        assertEquals("4gfFC3", Base62.encodeFixed(4294967295L, 6));
    }
}
