package dev.apikeys.keycloak.error;

/**
 * A refusal with a stable code. The description is shown to the caller, so it must never contain a secret,
 * a hash or an OTP code.
 */
public final class ApiKeyException extends RuntimeException {

    private final ApiKeyError error;

    public ApiKeyException(ApiKeyError error, String description) {
        super(description, null, false, false);
        this.error = error;
    }

    public ApiKeyError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
