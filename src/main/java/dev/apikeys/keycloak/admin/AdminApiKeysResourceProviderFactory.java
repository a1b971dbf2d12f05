package dev.apikeys.keycloak.admin;

import dev.apikeys.keycloak.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/** Mounts the admin API at {@code /admin/realms/{realm}/api-keys}. */
public final class AdminApiKeysResourceProviderFactory implements AdminRealmResourceProviderFactory, StatelessProviderFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "api-keys";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminApiKeysResourceProvider();
    }
}
