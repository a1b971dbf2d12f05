package dev.apikeys.keycloak.rest;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import dev.apikeys.keycloak.error.ApiKeyError;

/**
 * Reads request bodies strictly: a size cap, no unknown fields, no duplicate fields, no type coercion.
 * Every problem becomes a 4xx with a stable code; the body itself is never echoed back.
 */
public final class JsonBody {

    public static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    private JsonBody() {
    }

    public static <T> T read(InputStream body, Class<T> type) {
        return parse(body, parser -> MAPPER.readValue(parser, type));
    }

    /**
     * {@code current} changed by a body of the same shape, read as strictly as {@link #read}: a field absent or null
     * keeps its value, an object changes field by field.
     */
    @SuppressWarnings("unchecked")
    public static <T> T update(T current, InputStream body) {
        return parse(body, parser -> {
            JsonNode changes = MAPPER.readValue(parser, JsonNode.class);
            if (changes.isNull()) {
                return null;
            }
            return (T) MAPPER.treeToValue(merged(changes, MAPPER.valueToTree(current)), current.getClass());
        });
    }

    private interface Reading<T> {
        T from(JsonParser parser) throws IOException;
    }

    private static <T> T parse(InputStream body, Reading<T> reading) {
        byte[] bytes = readLimited(body);
        if (bytes.length == 0) {
            throw ApiKeyError.INVALID_JSON.exception("a JSON object is required");
        }
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            T value = reading.from(parser);
            if (value == null) {
                throw ApiKeyError.INVALID_JSON.exception("a JSON object is required");
            }
            if (parser.nextToken() != null) {
                throw ApiKeyError.INVALID_JSON.exception("the body holds more than one JSON value");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiKeyError.UNKNOWN_FIELD.exception("unknown field '" + shorten(e.getPropertyName()) + "'");
        } catch (MismatchedInputException e) {
            throw ApiKeyError.INVALID_REQUEST.exception("field '" + fieldPath(e) + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiKeyError.INVALID_JSON.exception("the body is not valid JSON");
        } catch (IOException e) {
            throw ApiKeyError.INVALID_JSON.exception("the body could not be read");
        }
    }

    /** The changes in their order (so the first wrong field is the one named), then the current fields they left out. */
    private static JsonNode merged(JsonNode changes, JsonNode current) {
        if (!changes.isObject() || !current.isObject()) {
            return changes;
        }
        ObjectNode result = MAPPER.createObjectNode();
        changes.fields().forEachRemaining(change -> {
            JsonNode now = current.get(change.getKey());
            JsonNode value = change.getValue();
            result.set(change.getKey(), now == null ? value : value.isNull() ? now : merged(value, now));
        });
        current.fields().forEachRemaining(field -> {
            if (!result.has(field.getKey())) {
                result.set(field.getKey(), field.getValue());
            }
        });
        return result;
    }

    /** A text body (CSV) under the same size limit, which must be valid UTF-8. */
    public static String readText(InputStream body) {
        byte[] bytes = readLimited(body);
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiKeyError.INVALID_REQUEST.exception("the body is not valid UTF-8");
        }
    }

    private static byte[] readLimited(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw ApiKeyError.REQUEST_TOO_LARGE.exception("the body is larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiKeyError.INVALID_JSON.exception("the body could not be read");
        }
    }

    private static String shorten(String name) {
        String printable = name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 61) + "...";
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(root)" : path.toString();
    }
}
