package dev.apikeys.keycloak.credential;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The public part of a key, stored as the credential's {@code credentialData}. The label is the credential's
 * user label and the access key is the credential id, so both stay visible in Keycloak's own admin console.
 *
 * @param expiresAt  epoch millis, null when the key never expires
 * @param activeFrom epoch millis before which the key is refused
 * @param algorithm  what {@link ApiKeySecretData#hash()} was computed with
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyCredentialData(List<String> scopes,
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
        return new ApiKeyCredentialData(newScopes, newIpAllowList, newExpiresAt, activeFrom, lastUsedAt, lastUsedIp, algorithm);
    }

    ApiKeyCredentialData withExpiresAt(Long newExpiresAt) {
        return new ApiKeyCredentialData(scopes, ipAllowList, newExpiresAt, activeFrom, lastUsedAt, lastUsedIp, algorithm);
    }

    ApiKeyCredentialData withLastUse(long at, String ip) {
        return new ApiKeyCredentialData(scopes, ipAllowList, expiresAt, activeFrom, at, ip, algorithm);
    }
}
