package dev.apikeys.keycloak.it;

import java.security.SecureRandom;
import java.time.Instant;

import org.keycloak.models.utils.Base32;
import org.keycloak.models.utils.HmacOTP;

/**
 * The codes an authenticator app shows for a TOTP secret, computed with Keycloak's own HmacOTP and Base32 under the
 * test realms' OTP policy (HmacSHA1, 6 digits, 30 s; the secret stored base32-encoded, as an app's QR code holds it).
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    private static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HmacOTP HOTP = new HmacOTP(DIGITS, HmacOTP.HMAC_SHA1, 0);

    private Totp() {
    }

    /** A new base32 secret of 160 bits, as authenticator apps take them. */
    public static String randomSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return Base32.encode(key);
    }

    public static long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), PERIOD_SECONDS);
    }

    public static String code(String base32Secret, long step) {
        return HOTP.generateHOTP(Base32.decode(base32Secret), Math.toIntExact(step));
    }
}
