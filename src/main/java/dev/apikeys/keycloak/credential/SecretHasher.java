package dev.apikeys.keycloak.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes key secrets. A secret carries 256 random bits, so a single fast hash is enough: there is nothing to
 * guess that a slow password hash would protect. With a pepper (a server-side key from the provider's SPI
 * configuration) the hash is an HMAC, so a stolen database alone cannot even confirm a leaked secret.
 * Each key records the algorithm it was hashed with, so a realm can move to a pepper without breaking keys.
 */
public final class SecretHasher {

    public static final String SHA256 = "sha256";
    public static final String HMAC_SHA256 = "hmac-sha256";

    private final SecretKeySpec pepper;

    public SecretHasher(String pepper) {
        this.pepper = pepper == null || pepper.isEmpty()
                ? null
                : new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The algorithm new keys are hashed with. */
    public String algorithm() {
        return pepper == null ? SHA256 : HMAC_SHA256;
    }

    public String hash(String secret) {
        return hash(algorithm(), secret);
    }

    /** Compares in constant time; false for an algorithm this server cannot compute (e.g. the pepper is gone). */
    public boolean matches(String algorithm, String secret, String expectedHash) {
        if (expectedHash == null || (HMAC_SHA256.equals(algorithm) && pepper == null)
                || !(SHA256.equals(algorithm) || HMAC_SHA256.equals(algorithm))) {
            return false;
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(expectedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(digest(algorithm, secret), expected);
    }

    private String hash(String algorithm, String secret) {
        return Base64.getEncoder().encodeToString(digest(algorithm, secret));
    }

    private byte[] digest(String algorithm, String secret) {
        byte[] input = secret.getBytes(StandardCharsets.UTF_8);
        try {
            if (HMAC_SHA256.equals(algorithm)) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(pepper);
                return mac.doFinal(input);
            }
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
