package dev.apikeys.keycloak.credential;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The public part of a key, stored as the credential's {@code credentialData}. The access key is the credential
 * id. The label of record is {@code label} here; the credential's user label is a copy the extension rewrites on
 * every change, because Keycloak's own label endpoints rename credentials without the extension's OTP step-up and
 * label rules (null only in keys made before the label moved here, whose user label is then the label).
 *
 * @param label      the label of record
 * @param expiresAt  epoch millis, null when the key never expires
 * @param activeFrom epoch millis before which the key is refused
 * @param algorithm  what {@link ApiKeySecretData#hash()} was computed with
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyCredentialData(String label,
                                   List<String> scopes,
                                   List<String> ipAllowList,
                                   Long expiresAt,
                                   long activeFrom,
                                   Long lastUsedAt,
                                   String lastUsedIp,
                                   String algorithm) {

    public ApiKeyCredentialData {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        ipAllowList = ipAllowList == null ? List.of() : List.copyOf(ipAllowList);
    }

    ApiKeyCredentialData withGrant(List<String> newScopes, List<String> newIpAllowList, Long newExpiresAt) {
        return new ApiKeyCredentialData(label, newScopes, newIpAllowList, newExpiresAt, activeFrom, lastUsedAt, lastUsedIp, algorithm);
    }

    ApiKeyCredentialData withExpiresAt(Long newExpiresAt) {
        return new ApiKeyCredentialData(label, scopes, ipAllowList, newExpiresAt, activeFrom, lastUsedAt, lastUsedIp, algorithm);
    }

    ApiKeyCredentialData withLabel(String newLabel) {
        return new ApiKeyCredentialData(newLabel, scopes, ipAllowList, expiresAt, activeFrom, lastUsedAt, lastUsedIp, algorithm);
    }

    ApiKeyCredentialData withLastUse(long at, String ip) {
        return new ApiKeyCredentialData(label, scopes, ipAllowList, expiresAt, activeFrom, at, ip, algorithm);
    }
}
