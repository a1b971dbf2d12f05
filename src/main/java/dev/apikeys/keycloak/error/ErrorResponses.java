package dev.apikeys.keycloak.error;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one place where a refusal becomes an HTTP response. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response.ResponseBuilder of(ApiKeyException e) {
        Response.ResponseBuilder builder = of(e.error(), e.description());
        if (e.retryAfterSeconds() != null) {
            builder.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return builder;
    }

    public static Response.ResponseBuilder of(ApiKeyError error, String description) {
        Response.ResponseBuilder builder = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(error.code(), description));
        if (error == ApiKeyError.NOT_AUTHENTICATED) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder;
    }

    public record ErrorBody(@JsonProperty("error") String error,
                            @JsonProperty("error_description") String errorDescription) {
    }
}
