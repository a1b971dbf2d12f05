package dev.apikeys.keycloak.exchange;

import java.util.List;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.spi.StatelessProviderFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The API-key authenticator for direct-grant flows. Its reference category is the credential type, so the
 * account console lists keys on the "Signing in" page and Keycloak's brute-force protector, which counts only
 * password and OTP failures, never locks a user because someone sprays wrong keys (the key throttle does that).
 */
public final class ApiKeyAuthenticatorFactory implements AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    public static final String PROVIDER_ID = "api-key-authenticator";
    private static final ApiKeyAuthenticator SINGLETON = new ApiKeyAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getDisplayType() {
        return "API key";
    }

    @Override
    public String getReferenceCategory() {
        return ApiKeyCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Direct grant with an API key: the secret in the X-API-Key header or the api_key form parameter.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
