package dev.apikeys.keycloak.credential;

import java.util.List;
import java.util.stream.Stream;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;

/**
 * Stores API keys as credentials of the user. Keys are not removable through Keycloak's generic
 * credential endpoints: deleting one goes through the API-key resources, which ask for the OTP code.
 */
public final class ApiKeyCredentialProvider implements CredentialProvider<ApiKeyCredentialModel> {

    private final KeycloakSession session;
    private final SecretHasher hasher;

    ApiKeyCredentialProvider(KeycloakSession session, SecretHasher hasher) {
        this.session = session;
        this.hasher = hasher;
    }

    public static ApiKeyCredentialProvider of(KeycloakSession session) {
        return (ApiKeyCredentialProvider) session.getProvider(CredentialProvider.class, ApiKeyCredentialProviderFactory.PROVIDER_ID);
    }

    @Override
    public String getType() {
        return ApiKeyCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, ApiKeyCredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public ApiKeyCredentialModel getCredentialFromModel(CredentialModel model) {
        return ApiKeyCredentialModel.createFromCredentialModel(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.BASIC_AUTHENTICATION)
                .displayName("api-key-display-name")
                .helpText("api-key-help-text")
                .iconCssClass("kcAuthenticatorDefaultClass")
                .removeable(false)
                .build(session);
    }

    /** Makes a key with a fresh secret; the secret leaves this method once, in the result, never stored. */
    IssuedKey issue(RealmModel realm, UserModel user, String label, long now, List<String> scopes, List<String> ipAllowList,
                    Long expiresAt, long activeFrom) {
        String keyId = ApiKeySecret.newKeyId();
        String secret = ApiKeySecret.generate(keyId, user.getId());
        ApiKeyCredentialData data = new ApiKeyCredentialData(label, scopes, ipAllowList, expiresAt, activeFrom, null, null, hasher.algorithm());
        ApiKeyCredentialModel model = ApiKeyCredentialModel.create(keyId, label, now, data, new ApiKeySecretData(hasher.hash(secret)));
        createCredential(realm, user, model);
        return new IssuedKey(model, secret);
    }

    void update(UserModel user, ApiKeyCredentialModel changed) {
        user.credentialManager().updateStoredCredential(changed);
    }

    Stream<ApiKeyCredentialModel> keys(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType()).map(this::getCredentialFromModel);
    }

    /**
     * Finds the key a presented secret points at, without judging the secret itself: users and credentials are
     * read by id, so a warm user cache answers without touching the database, and a forged secret naming a user
     * that does not exist costs what a cache miss costs. A user id of a federation provider the realm does not
     * have is refused before any lookup, so forged ids cannot make Keycloak ask a directory about nothing.
     *
     * @return the owner and the key, or null when either is gone
     */
    public Found find(RealmModel realm, ApiKeySecret handle) {
        String providerId;
        try {
            providerId = new StorageId(handle.userId()).getProviderId();
        } catch (RuntimeException e) {
            return null;
        }
        if (providerId != null && realm.getComponent(providerId) == null) {
            return null;
        }
        UserModel user = session.users().getUserById(realm, handle.userId());
        if (user == null) {
            return null;
        }
        CredentialModel stored = user.credentialManager().getStoredCredentialById(handle.keyId());
        if (stored == null || !getType().equals(stored.getType())) {
            return null;
        }
        return new Found(user, getCredentialFromModel(stored));
    }

    /** Constant-time comparison of a presented secret with the key's stored hash. */
    public boolean matches(ApiKeyCredentialModel key, String presentedSecret) {
        ApiKeySecretData secret = key.secret();
        return secret != null && hasher.matches(key.data().algorithm(), presentedSecret, secret.hash());
    }

    /** A key and its owner. */
    public record Found(UserModel user, ApiKeyCredentialModel key) {
    }

    /** A key just made, with the secret that is shown to its owner once. */
    public record IssuedKey(ApiKeyCredentialModel key, String secret) {

        @Override
        public String toString() {
            return "IssuedKey[" + key.getId() + "]";
        }
    }
}
