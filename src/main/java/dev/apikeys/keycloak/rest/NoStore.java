package dev.apikeys.keycloak.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Answers that no browser, proxy or gateway cache keeps: what every answer about keys and addresses is, JSON or the
 * confirmation page. The one place {@code Cache-Control: no-store} is written.
 */
public final class NoStore {

    private static final String NO_STORE = "no-store";

    private NoStore() {
    }

    public static Response json(Response.ResponseBuilder builder) {
        return builder.type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    /** A page already rendered (Keycloak's login theme), kept out of caches too. */
    public static Response page(Response rendered) {
        return Response.fromResponse(rendered).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    /** A gateway's passing answer, which the realm may allow it to keep for {@code maxAgeSeconds}. */
    public static String cacheControl(int maxAgeSeconds) {
        return maxAgeSeconds > 0 ? "max-age=" + maxAgeSeconds : NO_STORE;
    }
}
