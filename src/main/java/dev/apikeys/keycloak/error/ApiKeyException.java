package dev.apikeys.keycloak.error;

/**
 * A refusal with a stable code. The description is shown to the caller, so it must never contain a secret,
 * a hash or an OTP code.
 */
public final class ApiKeyException extends RuntimeException {

    private final ApiKeyError error;
    private final Long retryAfterSeconds;

    public ApiKeyException(ApiKeyError error, String description) {
        this(error, description, null);
    }

    public ApiKeyException(ApiKeyError error, String description, Long retryAfterSeconds) {
        super(description, null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When the caller may try again, for refusals that pass with time; null otherwise. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ApiKeyError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
