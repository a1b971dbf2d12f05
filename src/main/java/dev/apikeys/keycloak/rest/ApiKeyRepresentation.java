package dev.apikeys.keycloak.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.apikeys.keycloak.credential.ApiKeyCredentialData;
import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.keyuse.LastUse;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.LabelText;
import org.keycloak.models.KeycloakSession;

/**
 * A key as the self-service and admin APIs show it. {@code secret} is present only in the answer to the create call. {@code scopesInForce}
 * are the scopes a use of the key grants under the realm's current policy (see {@link ApiKeyPolicy#scopesInForce});
 * the label is shown without characters that could disguise it (see {@link LabelText#display}).
 * Times are epoch milliseconds; {@code expiresAt} is absent when the key never expires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyRepresentation(String id,
                                   String accessKey,
                                   String label,
                                   List<String> scopes,
                                   List<String> scopesInForce,
                                   List<String> ipAllowList,
                                   long createdAt,
                                   Long expiresAt,
                                   long activeFrom,
                                   Long lastUsedAt,
                                   String lastUsedIp,
                                   String status,
                                   String secret) {

    /** A stored key with its latest use, as {@link LastUse#of} knows it. */
    public static ApiKeyRepresentation of(KeycloakSession session, ApiKeyPolicy policy, ApiKeyCredentialModel key, long now) {
        return of(policy, key, LastUse.of(session, key), now, null);
    }

    /** A key just created, with its secret: the one answer that carries it. */
    public static ApiKeyRepresentation created(ApiKeyPolicy policy, ApiKeyCredentialModel key, long now, String secret) {
        return of(policy, key, null, now, secret);
    }

    private static ApiKeyRepresentation of(ApiKeyPolicy policy, ApiKeyCredentialModel key, LastUse.Use lastUse, long now,
                                           String secret) {
        ApiKeyCredentialData data = key.data();
        return new ApiKeyRepresentation(key.getId(), key.getId(), LabelText.display(key.label()), data.scopes(),
                policy.scopesInForce(data.scopes(), !data.ipAllowList().isEmpty()), data.ipAllowList(),
                key.getCreatedDate() == null ? 0 : key.getCreatedDate(), data.expiresAt(), data.activeFrom(),
                lastUse == null ? null : lastUse.at(), lastUse == null ? null : lastUse.ip(), key.status(now).value(), secret);
    }

    @Override
    public String toString() {
        return "ApiKeyRepresentation[" + id + "]";
    }
}
