package dev.apikeys.keycloak.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.apikeys.keycloak.credential.KeyRequest;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    @Test
    void readsAWellFormedRequest() {
        KeyRequest request = read("{\"label\":\"bot\",\"scopes\":[\"read\",\"trade\"],\"ipAllowList\":[\"10.0.0.1\"]}");
        assertEquals("bot", request.label());
        assertEquals(List.of("read", "trade"), request.scopes());
        assertEquals(List.of("10.0.0.1"), request.ipAllowList());
    }

    @Test
    void absentFieldsAreNull() {
        KeyRequest request = read("{\"label\":\"bot\"}");
        assertNull(request.scopes());
        assertNull(request.ipAllowList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"label\":\"bot\",\"admin\":true}           | unknown_field",
            "{\"label\":\"bot\"                           | invalid_json",
            "not json                                     | invalid_json",
            "''                                           | invalid_json",
            "null                                         | invalid_json",
            "{\"label\":\"a\",\"label\":\"b\"}            | invalid_json",
            "{\"label\":\"bot\"} {}                       | invalid_json",
            "{\"label\":42}                               | invalid_request",
            "{\"label\":true}                             | invalid_request",
            "{\"label\":[\"bot\"]}                        | invalid_request",
            "{\"label\":\"bot\",\"scopes\":\"read\"}      | invalid_request",
            "{\"label\":\"bot\",\"scopes\":[1]}           | invalid_request",
            "{\"label\":\"bot\",\"ipAllowList\":{}}       | invalid_request",
            "[]                                           | invalid_request"
    })
    void badBodiesGetAStableCode(String body, String code) {
        ApiKeyException e = assertThrows(ApiKeyException.class, () -> read(body));
        assertEquals(code, e.error().code(), e.description());
    }

    @Test
    void hugeBodiesAreRefusedBeforeParsing() {
        String huge = "{\"label\":\"" + "a".repeat(JsonBody.MAX_BYTES) + "\"}";
        ApiKeyException e = assertThrows(ApiKeyException.class, () -> read(huge));
        assertEquals(ApiKeyError.REQUEST_TOO_LARGE, e.error());
        assertEquals(413, e.error().status());
    }

    @Test
    void unknownFieldNamesAreNotEchoedAtLength() {
        ApiKeyException e = assertThrows(ApiKeyException.class, () -> read("{\"" + "x".repeat(5000) + "\":1}"));
        assertEquals(ApiKeyError.UNKNOWN_FIELD, e.error());
        assertEquals(true, e.description().length() < 100);
    }

    private static KeyRequest read(String body) {
        return JsonBody.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), KeyRequest.class);
    }
}
