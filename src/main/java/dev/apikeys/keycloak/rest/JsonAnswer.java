package dev.apikeys.keycloak.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A JSON answer that no browser, proxy or gateway cache keeps: what every answer about keys and addresses is. */
public final class JsonAnswer {

    private JsonAnswer() {
    }

    public static Response noStore(Response.ResponseBuilder builder) {
        return builder.type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
