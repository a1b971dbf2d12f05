package dev.apikeys.keycloak.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one place where a refusal becomes an HTTP response. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response.ResponseBuilder of(ApiKeyException e) {
        Response.ResponseBuilder builder = of(e.error(), e.description());
        if (e.rows() != null) {
            builder.entity(new ErrorBody(e.error().code(), e.description(), e.rows()));
        }
        if (e.retryAfterSeconds() != null) {
            builder.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return builder;
    }

    public static Response.ResponseBuilder of(ApiKeyError error, String description) {
        Response.ResponseBuilder builder = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(error.code(), description, null));
        if (error == ApiKeyError.NOT_AUTHENTICATED) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(@JsonProperty("error") String error,
                            @JsonProperty("error_description") String errorDescription,
                            @JsonProperty("rows") List<ApiKeyException.RowError> rows) {
    }
}
