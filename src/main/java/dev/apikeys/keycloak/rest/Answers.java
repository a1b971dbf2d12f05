package dev.apikeys.keycloak.rest;

import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.gateway.GatewayError;
import dev.apikeys.keycloak.keyuse.KeyRefusal;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The one place an answer is written, for every audience: JSON that no browser, proxy or gateway cache keeps
 * ({@code Cache-Control: no-store}, the only place it is written), the confirmation page kept out of caches too, and
 * each error vocabulary from its enum: the self-service and admin codes ({@link ApiKeyError}), the gateway's refusals
 * before a key is looked at ({@link GatewayError}) and of the key itself ({@link KeyRefusal.Reason}), and OAuth2's for a
 * refused key login. A refused token exchange is answered as Keycloak's token endpoint answers errors, through the
 * seam, since the exchange SPI expects Keycloak's own error exception.
 */
public final class Answers {

    private static final String NO_STORE = "no-store";

    private Answers() {
    }

    /** The action's answer as JSON, or its refusal with the stable code; never cached. */
    public static Response of(Supplier<Response.ResponseBuilder> action) {
        try {
            return json(action.get());
        } catch (ApiKeyException e) {
            return error(e);
        }
    }

    public static Response json(Response.ResponseBuilder builder) {
        return builder.type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    /** A refusal in the self-service and admin vocabulary: its code, status, description and, for a batch, its rows. */
    public static Response error(ApiKeyException e) {
        Response.ResponseBuilder builder = Response.status(e.error().status())
                .entity(new ErrorBody(e.error().code(), e.description(), e.field(), e.rows()));
        if (e.error() == ApiKeyError.NOT_AUTHENTICATED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (e.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return json(builder);
    }

    /** A gateway's question refused before any key is looked at. */
    public static Response gatewayError(GatewayError error, String description) {
        return gatewayError(error, description, null);
    }

    /** @param challenge the {@code WWW-Authenticate} value, or null for none */
    public static Response gatewayError(GatewayError error, String description, String challenge) {
        Response.ResponseBuilder builder = Response.status(error.status()).entity(new ErrorBody(error.code(), description, null, null));
        if (challenge != null) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return json(builder);
    }

    /** A key that may not pass a gateway, told in the reason's forward-auth vocabulary. */
    public static Response keyRefused(KeyRefusal.Reason reason, String challenge) {
        return json(Response.status(reason.gatewayStatus())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(new ErrorBody(reason.gatewayError(), reason.description(), null, null)));
    }

    /** A refused key login at the token endpoint, in OAuth2's vocabulary ({@link KeyRefusal.Reason#oauthError}). */
    public static Response oauthError(String error, String description) {
        return json(Response.status(Response.Status.BAD_REQUEST).entity(new OAuth2ErrorRepresentation(error, description)));
    }

    /** A page already rendered (Keycloak's login theme), kept out of caches. */
    public static Response page(Response rendered) {
        return Response.fromResponse(rendered).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    /** A gateway's passing answer, which the realm may allow it to keep for {@code maxAgeSeconds}. */
    public static String cacheControl(int maxAgeSeconds) {
        return maxAgeSeconds > 0 ? "max-age=" + maxAgeSeconds : NO_STORE;
    }

    /**
     * Every error body: a stable code, a description for people, the request field at fault when it is one, and for
     * a refused batch the rows at fault.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(@JsonProperty("error") String error,
                            @JsonProperty("error_description") String errorDescription,
                            @JsonProperty("field") String field,
                            @JsonProperty("rows") List<ApiKeyException.RowError> rows) {
    }
}
