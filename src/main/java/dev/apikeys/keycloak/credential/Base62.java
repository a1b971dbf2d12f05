package dev.apikeys.keycloak.credential;

import java.math.BigInteger;
import java.util.Arrays;

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

    /**
     * Decodes by long multiplication on the bytes (big-endian, base 256), which is on every key use's path and so
     * avoids BigInteger's allocations: a secret's 43 digits cost 43 passes over at most 32 bytes.
     *
     * @return the bytes without leading zero bytes (one zero byte for the value zero), or null when the text holds a
     *         character outside the alphabet
     */
    static byte[] decode(String text) {
        byte[] value = new byte[text.length() + 1];
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int carry = digit(text.charAt(i));
            if (carry < 0) {
                return null;
            }
            for (int j = value.length - 1; j >= value.length - used; j--) {
                carry += (value[j] & 0xff) * 62;
                value[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                used++;
                value[value.length - used] = (byte) carry;
                carry >>>= 8;
            }
        }
        return used == 0 ? new byte[1] : Arrays.copyOfRange(value, value.length - used, value.length);
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
