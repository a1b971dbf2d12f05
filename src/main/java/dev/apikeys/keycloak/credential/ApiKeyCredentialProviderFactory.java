package dev.apikeys.keycloak.credential;

import org.keycloak.Config;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/**
 * Registers the {@value ApiKeyCredentialModel#TYPE} credential type. Its one option, {@code pepper}
 * ({@code --spi-credential--api-key--pepper=...}), makes new keys hashed with HMAC-SHA256 under that key.
 */
public final class ApiKeyCredentialProviderFactory implements CredentialProviderFactory<ApiKeyCredentialProvider> {

    public static final String PROVIDER_ID = ApiKeyCredentialModel.TYPE;
    static final String PEPPER = "pepper";

    private SecretHasher hasher;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        hasher = new SecretHasher(config.get(PEPPER));
    }

    @Override
    public ApiKeyCredentialProvider create(KeycloakSession session) {
        return new ApiKeyCredentialProvider(session, hasher);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(PEPPER)
                .type(ProviderConfigProperty.PASSWORD)
                .helpText("Server-side key: when set, new API keys are hashed with HMAC-SHA256 under it instead of SHA-256. "
                        + "Keys hashed with it stop working if it is removed or changed.")
                .add()
                .build();
    }
}
