package dev.apikeys.keycloak.error;

import java.util.List;

/**
 * A refusal with a stable code. The description is shown to the caller, so it must never contain a secret,
 * a hash or an OTP code.
 */
public final class ApiKeyException extends RuntimeException {

    private final ApiKeyError error;
    private final Long retryAfterSeconds;
    private final List<RowError> rows;
    private final String field;

    public ApiKeyException(ApiKeyError error, String description) {
        this(error, description, null);
    }

    public ApiKeyException(ApiKeyError error, String description, Long retryAfterSeconds) {
        this(error, description, retryAfterSeconds, null, null);
    }

    private ApiKeyException(ApiKeyError error, String description, Long retryAfterSeconds, List<RowError> rows, String field) {
        super(description, null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
        this.rows = rows == null ? null : List.copyOf(rows);
        this.field = field;
    }

    /** A refusal of a whole batch, naming every row that is wrong. */
    public static ApiKeyException ofRows(ApiKeyError error, String description, List<RowError> rows) {
        return new ApiKeyException(error, description, null, rows, null);
    }

    /** A refusal of one field of the request (see {@link ApiKeyError#invalidField}). */
    static ApiKeyException ofField(ApiKeyError error, String field, String description) {
        return new ApiKeyException(error, description, null, null, field);
    }

    /** The request field the refusal concerns; null when it concerns no single field. */
    public String field() {
        return field;
    }

    /** The wrong rows of a refused batch; null for other refusals. */
    public List<RowError> rows() {
        return rows;
    }

    /**
     * One wrong row of a batch: its number (1 is the first row after the header), the field (null for the row as a
     * whole) and what is wrong.
     */
    public record RowError(int row, String field, String error) {
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
