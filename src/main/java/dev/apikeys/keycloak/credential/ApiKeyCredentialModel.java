package dev.apikeys.keycloak.credential;

import java.io.IOException;

import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/** An API key as a Keycloak credential of type {@value #TYPE}. */
public final class ApiKeyCredentialModel extends CredentialModel {

    public static final String TYPE = "api-key";
    /** The claim that marks a token issued for an API key, and the event detail naming the key. */
    public static final String TOKEN_CLAIM = "api_key_id";
    /** The user-session note that names the key a key login used. */
    public static final String SESSION_NOTE = "api_key.id";

    private final ApiKeyCredentialData data;
    private final ApiKeySecretData secret;

    private ApiKeyCredentialModel(ApiKeyCredentialData data, ApiKeySecretData secret) {
        this.data = data;
        this.secret = secret;
    }

    static ApiKeyCredentialModel create(String keyId, String label, long createdAt,
                                        ApiKeyCredentialData data, ApiKeySecretData secret) {
        ApiKeyCredentialData stored = data.withLabel(label);
        ApiKeyCredentialModel model = new ApiKeyCredentialModel(stored, secret);
        model.setId(keyId);
        model.setType(TYPE);
        model.setUserLabel(label);
        model.setCreatedDate(createdAt);
        model.setCredentialData(write(stored));
        model.setSecretData(write(secret));
        return model;
    }

    public static ApiKeyCredentialModel createFromCredentialModel(CredentialModel stored) {
        ApiKeyCredentialData data = read(stored.getCredentialData(), ApiKeyCredentialData.class);
        ApiKeySecretData secret = stored.getSecretData() == null ? null : read(stored.getSecretData(), ApiKeySecretData.class);
        ApiKeyCredentialModel model = new ApiKeyCredentialModel(data, secret);
        model.setId(stored.getId());
        model.setType(stored.getType());
        model.setUserLabel(stored.getUserLabel());
        model.setCreatedDate(stored.getCreatedDate());
        model.setCredentialData(stored.getCredentialData());
        model.setSecretData(stored.getSecretData());
        model.setFederationLink(stored.getFederationLink());
        return model;
    }

    /** The same key with other public data; the secret hash is kept. */
    ApiKeyCredentialModel with(String label, ApiKeyCredentialData newData) {
        return create(getId(), label, getCreatedDate(), newData, secret);
    }

    /** The label of record (see {@link ApiKeyCredentialData}), not whatever Keycloak's user label says now. */
    public String label() {
        return data.label() != null ? data.label() : getUserLabel();
    }

    public ApiKeyCredentialData data() {
        return data;
    }

    ApiKeySecretData secret() {
        return secret;
    }

    public ApiKeyStatus status(long nowMillis) {
        if (data.expiresAt() != null && nowMillis >= data.expiresAt()) {
            return ApiKeyStatus.EXPIRED;
        }
        return nowMillis < data.activeFrom() ? ApiKeyStatus.PENDING : ApiKeyStatus.ACTIVE;
    }

    private static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write API-key credential data", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored API-key credential data cannot be read", e);
        }
    }
}
