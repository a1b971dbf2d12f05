package dev.apikeys.keycloak.gateway;

/**
 * What a gateway is told when its question is refused before any key is looked at: the realm, the transport, who
 * asks, or how. Refusals of the key itself are told in {@link dev.apikeys.keycloak.keyuse.KeyRefusal.Reason}.
 */
public enum GatewayError {
    REALM_DISABLED(403, "access_denied"),
    HTTPS_REQUIRED(403, "invalid_request"),
    INVALID_CLIENT(401, "invalid_client"),
    UNAUTHORIZED_CLIENT(403, "unauthorized_client"),
    INVALID_REQUEST(400, "invalid_request");

    private final int status;
    private final String code;

    GatewayError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
