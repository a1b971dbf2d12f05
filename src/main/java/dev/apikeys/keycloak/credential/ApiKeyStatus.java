package dev.apikeys.keycloak.credential;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

public enum ApiKeyStatus {
    PENDING, ACTIVE, EXPIRED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
