package dev.apikeys.keycloak.rest.gateway;

import dev.apikeys.keycloak.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;

/** Introspection of API keys: a gateway sends {@code token_type_hint=}{@value #PROVIDER_ID}. */
public final class ApiKeyIntrospectionProviderFactory implements TokenIntrospectionProviderFactory,
        StatelessProviderFactory<TokenIntrospectionProvider> {

    public static final String PROVIDER_ID = "api_key";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new ApiKeyIntrospectionProvider(session);
    }
}
