package dev.apikeys.keycloak.gateway;

import dev.apikeys.keycloak.error.ErrorResponses.ErrorBody;
import jakarta.ws.rs.core.Response;

/**
 * What a gateway is told when its question is refused before any key is looked at: the realm, the transport, who
 * asks, or how. Refusals of the key itself are told in {@link dev.apikeys.keycloak.keyuse.KeyRefusal.Reason}.
 */
enum GatewayError {
    REALM_DISABLED(Response.Status.FORBIDDEN, "access_denied"),
    HTTPS_REQUIRED(Response.Status.FORBIDDEN, "invalid_request"),
    INVALID_CLIENT(Response.Status.UNAUTHORIZED, "invalid_client"),
    UNAUTHORIZED_CLIENT(Response.Status.FORBIDDEN, "unauthorized_client"),
    INVALID_REQUEST(Response.Status.BAD_REQUEST, "invalid_request");

    private final Response.Status status;
    private final String code;

    GatewayError(Response.Status status, String code) {
        this.status = status;
        this.code = code;
    }

    Response.ResponseBuilder answer(String description) {
        return Response.status(status).entity(new ErrorBody(code, description, null));
    }
}
