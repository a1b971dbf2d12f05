package dev.apikeys.keycloak.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

final class ApiKeysResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    ApiKeysResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new ApiKeysRealmResource(session);
    }

    @Override
    public void close() {
    }
}
