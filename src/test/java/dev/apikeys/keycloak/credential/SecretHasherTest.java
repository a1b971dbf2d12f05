package dev.apikeys.keycloak.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretHasherTest {

    private static final String SECRET = "kcak_example";

    @Test
    void withoutPepperSha256IsUsed() {
        SecretHasher hasher = new SecretHasher(null);
        assertEquals(SecretHasher.SHA256, hasher.algorithm());
        // SHA-256("kcak_example"), base64
        assertEquals("P8srJQRYZT5sLduQqipynUeY5IHz8zNvjQ4JRdVVnBI=", hasher.hash(SECRET));
        assertTrue(hasher.matches(SecretHasher.SHA256, SECRET, hasher.hash(SECRET)));
        assertFalse(hasher.matches(SecretHasher.SHA256, SECRET + "x", hasher.hash(SECRET)));
    }

    @Test
    void pepperMakesAnHmacThatDependsOnThePepper() {
        SecretHasher one = new SecretHasher("pepper-one");
        SecretHasher two = new SecretHasher("pepper-two");
        assertEquals(SecretHasher.HMAC_SHA256, one.algorithm());
        assertNotEquals(one.hash(SECRET), two.hash(SECRET));
        assertNotEquals(new SecretHasher(null).hash(SECRET), one.hash(SECRET));
        assertTrue(one.matches(SecretHasher.HMAC_SHA256, SECRET, one.hash(SECRET)));
        assertFalse(two.matches(SecretHasher.HMAC_SHA256, SECRET, one.hash(SECRET)));
    }

    @Test
    void keysKeepTheirAlgorithmWhenAPepperIsAdded() {
        String plainHash = new SecretHasher(null).hash(SECRET);
        assertTrue(new SecretHasher("new-pepper").matches(SecretHasher.SHA256, SECRET, plainHash));
    }

    @Test
    void pepperedKeysFailClosedWhenThePepperIsGone() {
        String peppered = new SecretHasher("pepper").hash(SECRET);
        assertFalse(new SecretHasher(null).matches(SecretHasher.HMAC_SHA256, SECRET, peppered));
    }

    @Test
    void unknownAlgorithmsAndBrokenHashesNeverMatch() {
        SecretHasher hasher = new SecretHasher(null);
        assertFalse(hasher.matches("md5", SECRET, hasher.hash(SECRET)));
        assertFalse(hasher.matches(null, SECRET, hasher.hash(SECRET)));
        assertFalse(hasher.matches(SecretHasher.SHA256, SECRET, "%%%not-base64"));
        assertFalse(hasher.matches(SecretHasher.SHA256, SECRET, null));
    }
}
