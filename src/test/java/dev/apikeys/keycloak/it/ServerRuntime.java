package dev.apikeys.keycloak.it;

interface ServerRuntime extends AutoCloseable {

    String baseUrl();

    @Override
    void close();
}
