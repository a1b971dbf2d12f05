package dev.apikeys.keycloak.policy;

/**
 * The realm's rules for gateways that check keys (forward-auth and introspection); its fields are policy fields like
 * those of {@link ApiKeyPolicy}.
 *
 * @param cacheSeconds how long a gateway may reuse a positive forward-auth answer ({@code Cache-Control: max-age});
 *                     0 (the default) answers {@code no-store}, so a deleted key is refused on its next request
 */
public record GatewayPolicy(@Range(min = 0, max = 60) int cacheSeconds) {

    public static final GatewayPolicy DEFAULT = new GatewayPolicy(0);

    /**
     * How long a gateway may keep a passing answer: {@link #cacheSeconds}, never past the key's expiry, and 0 for a
     * key with an allow-list or a check of required scopes (a cache keyed on the request would hand such an answer
     * to another address or route).
     *
     * @param expiresAt the key's expiry (epoch milliseconds), or null when it never expires
     */
    public int answerCacheSeconds(boolean ipBound, boolean scopesRequired, Long expiresAt, long nowMillis) {
        if (cacheSeconds == 0 || scopesRequired || ipBound) {
            return 0;
        }
        return expiresAt == null ? cacheSeconds : (int) Math.max(0, Math.min(cacheSeconds, (expiresAt - nowMillis) / 1000));
    }
}
