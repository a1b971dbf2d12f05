package dev.apikeys.keycloak.it;

interface ServerRuntime extends AutoCloseable {

    String baseUrl();

    /** The server's Prometheus metrics page on its management interface. */
    java.net.URI metrics();

    @Override
    void close();
}
