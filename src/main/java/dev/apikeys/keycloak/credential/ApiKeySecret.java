package dev.apikeys.keycloak.credential;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The secret a user is shown once, and how it is read back.
 *
 * <pre>
 * kcak_ BODY CHECK
 *   BODY  = base62( 0x01 | key id (16 bytes) | random (32 bytes) | user kind (1 byte) | user id )
 *   CHECK = base62 of CRC32("kcak_" + BODY), 6 characters
 * </pre>
 *
 * The key id and the user id are the lookup handle: verification goes straight to the user and the
 * credential (both served from Keycloak's user cache) without a search. The 256 random bits are what makes
 * the secret secret. The checksum lets a mistyped or random string be refused before any lookup.
 * User kind 0 packs a UUID user id into 16 bytes; kind 1 carries any other user id (federated users) as UTF-8.
 */
public final class ApiKeySecret {

    public static final String PREFIX = "kcak_";
    static final int MAX_LENGTH = 512;
    private static final byte VERSION = 1;
    private static final int KEY_ID_BYTES = 16;
    private static final int RANDOM_BYTES = 32;
    private static final int CHECK_LENGTH = 6;
    private static final byte USER_UUID = 0;
    private static final byte USER_TEXT = 1;
    private static final int MAX_USER_ID_BYTES = 255;
    /** How Keycloak's StorageId marks the id of a user of a federation provider. */
    private static final String FEDERATED_PREFIX = "f:";
    private static final Pattern CANONICAL_UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final String keyId;
    private final String userId;

    private ApiKeySecret(String keyId, String userId) {
        this.keyId = keyId;
        this.userId = userId;
    }

    /** A new, random key id: 32 lower-case hex characters, also the key's public access key and credential id. */
    public static String newKeyId() {
        byte[] id = new byte[KEY_ID_BYTES];
        RANDOM.nextBytes(id);
        return HEX.formatHex(id);
    }

    public static boolean isKeyId(String value) {
        if (value == null || value.length() != KEY_ID_BYTES * 2) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0 || Character.isUpperCase(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Makes the secret for a key; the result is shown once and then only its hash is kept. */
    public static String generate(String keyId, String userId) {
        byte[] user = encodeUser(userId);
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        ByteBuffer body = ByteBuffer.allocate(1 + KEY_ID_BYTES + RANDOM_BYTES + user.length);
        body.put(VERSION).put(HEX.parseHex(keyId)).put(random).put(user);
        String head = PREFIX + Base62.encode(body.array());
        return head + checksum(head);
    }

    /**
     * Reads the lookup handle out of a presented secret. Empty for anything that is not a well-formed
     * secret with a correct checksum; such input costs no lookup.
     */
    public static Optional<ApiKeySecret> parse(String presented) {
        if (presented == null || presented.length() > MAX_LENGTH
                || presented.length() <= PREFIX.length() + CHECK_LENGTH || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < presented.length(); i++) {
            if (!Base62.isAlphabet(presented.charAt(i))) {
                return Optional.empty();
            }
        }
        int split = presented.length() - CHECK_LENGTH;
        String head = presented.substring(0, split);
        if (!checksum(head).equals(presented.substring(split))) {
            return Optional.empty();
        }
        byte[] body = Base62.decode(head.substring(PREFIX.length()));
        int fixed = 1 + KEY_ID_BYTES + RANDOM_BYTES + 1;
        if (body == null || body.length <= fixed || body[0] != VERSION) {
            return Optional.empty();
        }
        byte[] keyId = new byte[KEY_ID_BYTES];
        System.arraycopy(body, 1, keyId, 0, KEY_ID_BYTES);
        String userId = decodeUser(body, fixed - 1);
        if (userId == null) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeySecret(HEX.formatHex(keyId), userId));
    }

    public String keyId() {
        return keyId;
    }

    public String userId() {
        return userId;
    }

    static String checksum(String head) {
        CRC32 crc = new CRC32();
        crc.update(head.getBytes(StandardCharsets.US_ASCII));
        return Base62.encodeFixed(crc.getValue(), CHECK_LENGTH);
    }

    private static byte[] encodeUser(String userId) {
        if (CANONICAL_UUID.matcher(userId).matches()) {
            UUID uuid = UUID.fromString(userId);
            return ByteBuffer.allocate(17).put(USER_UUID)
                    .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
        }
        byte[] text = userId.getBytes(StandardCharsets.UTF_8);
        if (text.length == 0 || text.length > MAX_USER_ID_BYTES) {
            throw new IllegalArgumentException("user id cannot be carried in a key");
        }
        return ByteBuffer.allocate(1 + text.length).put(USER_TEXT).put(text).array();
    }

    private static String decodeUser(byte[] body, int offset) {
        int length = body.length - offset - 1;
        ByteBuffer user = ByteBuffer.wrap(body, offset + 1, length);
        if (body[offset] == USER_UUID && length == 16) {
            return new UUID(user.getLong(), user.getLong()).toString();
        }
        if (body[offset] == USER_TEXT && length <= MAX_USER_ID_BYTES) {
            return textUserId(body, offset + 1, length);
        }
        return null;
    }

    /**
     * A user id carried as text (a federated user's {@code f:<provider>:<external id>}), or null when it cannot be one:
     * not UTF-8, holding control characters, or an {@code f:} id without its provider and external id. The checksum
     * is no secret, so anyone can make a well-formed key carry any text; such text must be refused here, before a
     * lookup parses it.
     */
    private static String textUserId(byte[] body, int offset, int length) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.isEmpty() || text.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            return null;
        }
        if (text.startsWith(FEDERATED_PREFIX)) {
            int separator = text.indexOf(':', FEDERATED_PREFIX.length());
            if (separator <= FEDERATED_PREFIX.length() || separator == text.length() - 1) {
                return null;
            }
        }
        return text;
    }
}
