package dev.apikeys.keycloak.error;

/**
 * Every refusal the REST API can give, with its stable code and HTTP status. The codes are part of the
 * public contract (README, error table): add new ones, never rename.
 */
public enum ApiKeyError {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_JSON("invalid_json", 400),
    UNKNOWN_FIELD("unknown_field", 400),
    REQUEST_TOO_LARGE("request_too_large", 413),
    LABEL_INVALID("label_invalid", 400),
    LABEL_TAKEN("label_taken", 409),
    TOO_MANY_KEYS("too_many_keys", 409),
    TOO_MANY_IPS("too_many_ips", 400),
    IP_INVALID("ip_invalid", 400),
    SCOPE_UNKNOWN("scope_unknown", 400),
    SCOPE_REQUIRES_IP("scope_requires_ip", 400),
    OTP_REQUIRED("otp_required", 401),
    OTP_INVALID("otp_invalid", 401),
    OTP_NOT_CONFIGURED("otp_not_configured", 403),
    USER_LOCKED("user_locked", 423),
    OTP_LOCKED("otp_locked", 429),
    NOT_FOUND("not_found", 404),
    CONCURRENT_CHANGE("concurrent_change", 409),
    POLICY_INVALID("policy_invalid", 400),
    NOT_AUTHENTICATED("not_authenticated", 401),
    FORBIDDEN("forbidden", 403),
    ADDRESS_INVALID("address_invalid", 400),
    ADDRESS_DUPLICATE("address_duplicate", 409),
    TOO_MANY_ADDRESSES("too_many_addresses", 409),
    CSV_INVALID("csv_invalid", 400),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    MAIL_NOT_CONFIGURED("mail_not_configured", 409),
    MAIL_NOT_SENT("mail_not_sent", 409),
    EMAIL_NOT_VERIFIED("email_not_verified", 409),
    NOT_PENDING("not_pending", 409),
    ADDRESS_BOOK_REQUIRED("address_book_required", 409),
    EMAIL_CHANGED("email_changed", 409),
    RESEND_TOO_SOON("resend_too_soon", 429);

    private final String code;
    private final int status;

    ApiKeyError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public ApiKeyException exception(String description) {
        return new ApiKeyException(this, description);
    }

    /** A refusal of one field of the request, named in the answer's {@code field}; the description starts with it. */
    public ApiKeyException invalidField(String field, String rule) {
        return ApiKeyException.ofField(this, field, field + " " + rule);
    }
}
