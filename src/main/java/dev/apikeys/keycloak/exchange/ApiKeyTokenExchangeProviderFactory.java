package dev.apikeys.keycloak.exchange;

import dev.apikeys.keycloak.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

/**
 * Registers the API-key token exchange ahead of Keycloak's own providers (standard is 10, legacy 0), which
 * would otherwise be asked first and refuse the unknown subject token type.
 */
public final class ApiKeyTokenExchangeProviderFactory implements TokenExchangeProviderFactory, StatelessProviderFactory<TokenExchangeProvider> {

    public static final String PROVIDER_ID = "api-key";
    private static final int ORDER = 100;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new ApiKeyTokenExchangeProvider();
    }

    @Override
    public int order() {
        return ORDER;
    }
}
