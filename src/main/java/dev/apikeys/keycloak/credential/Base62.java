package dev.apikeys.keycloak.credential;

import java.math.BigInteger;

/** Base62 (0-9, A-Z, a-z): survives double-click selection, URLs and shells without quoting. */
final class Base62 {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);

    private Base62() {
    }

    /** Encodes bytes whose first byte is not zero (callers lead with a version byte). */
    static String encode(byte[] bytes) {
        BigInteger value = new BigInteger(1, bytes);
        StringBuilder text = new StringBuilder();
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(BASE);
            text.append(ALPHABET.charAt(qr[1].intValue()));
            value = qr[0];
        }
        return text.reverse().toString();
    }

    /** @return the bytes, or null when the text holds a character outside the alphabet */
    static byte[] decode(String text) {
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < text.length(); i++) {
            int digit = digit(text.charAt(i));
            if (digit < 0) {
                return null;
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    static String encodeFixed(long value, int width) {
        char[] text = new char[width];
        long rest = value;
        for (int i = width - 1; i >= 0; i--) {
            text[i] = ALPHABET.charAt((int) (rest % 62));
            rest /= 62;
        }
        return new String(text);
    }

    static boolean isAlphabet(char c) {
        return digit(c) >= 0;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }
}
