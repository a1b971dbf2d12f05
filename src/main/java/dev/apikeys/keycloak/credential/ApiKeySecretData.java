package dev.apikeys.keycloak.credential;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The secret part of a key, stored as the credential's {@code secretData}: only ever a hash. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKeySecretData(String hash) {
}
