package dev.apikeys.keycloak.credential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Decoding without BigInteger gives what BigInteger gives, for every length a secret's body can have and more. */
class Base62Test {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void decodingMatchesBigIntegerArithmetic() {
        Random random = new Random(62);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET.charAt(random.nextInt(62)));
            }
            assertArrayEquals(reference(text.toString()), Base62.decode(text.toString()), text.toString());
        }
    }

    @Test
    void encodedBytesDecodeToThemselves() {
        Random random = new Random(256);
        for (int n = 0; n < 5_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            random.nextBytes(bytes);
            bytes[0] = (byte) (1 + random.nextInt(255));
            assertArrayEquals(bytes, Base62.decode(Base62.encode(bytes)));
        }
    }

    @Test
    void zeroAndLeadingZerosAndForeignCharacters() {
        assertArrayEquals(new byte[1], Base62.decode("0"));
        assertArrayEquals(new byte[1], Base62.decode("000"));
        assertArrayEquals(new byte[] {61}, Base62.decode("00z"));
        assertArrayEquals(new byte[] {1, 0}, Base62.decode("48"));
        assertNull(Base62.decode("ab-c"));
        assertNull(Base62.decode("ab\u0660"));
    }

    /** The previous implementation, kept here as the reference. */
    private static byte[] reference(String text) {
        BigInteger value = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            value = value.multiply(BigInteger.valueOf(62)).add(BigInteger.valueOf(ALPHABET.indexOf(c)));
        }
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
