package dev.apikeys.keycloak.policy;

import dev.apikeys.keycloak.error.ApiKeyError;

/**
 * The realm's rules for gateways that check keys (forward-auth and introspection).
 *
 * @param cacheSeconds how long a gateway may reuse a positive forward-auth answer ({@code Cache-Control: max-age});
 *                     0 (the default) answers {@code no-store}, so a deleted key is refused on its next request
 */
public record GatewayPolicy(int cacheSeconds) {

    public static final GatewayPolicy DEFAULT = new GatewayPolicy(0);
    static final int MAX_CACHE_SECONDS = 60;

    GatewayPolicy validate() {
        if (cacheSeconds < 0 || cacheSeconds > MAX_CACHE_SECONDS) {
            throw ApiKeyError.POLICY_INVALID.exception("gateway.cacheSeconds must be between 0 and " + MAX_CACHE_SECONDS);
        }
        return this;
    }

    /** An administrator's change: fields left null keep their value. */
    public record Update(Integer cacheSeconds) {

        GatewayPolicy applyTo(GatewayPolicy current) {
            return new GatewayPolicy(cacheSeconds != null ? cacheSeconds : current.cacheSeconds());
        }
    }
}
