package dev.apikeys.keycloak.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.keyuse.ApiKeyTokenClaims;

/**
 * What a gateway learns about a key that passed, in RFC 7662's terms: {@code sub} and {@code username} are the
 * owner, {@code scope} the key's scopes in force, {@code iat} when the key was made, {@code client_id} the gateway the
 * answer is for. {@code exp} is when this answer stops being good: now plus the time a gateway may keep it (at least a
 * second), not the key's expiry, since gateway libraries cache an active answer until {@code exp} and would keep a
 * deleted key alive for months; the key's own expiry is {@code api_key_expires_at} (absent when it never expires). An
 * answer for anything that did not pass is {@code {"active": false}} and nothing else.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyIntrospection(@JsonProperty("active") boolean active,
                        @JsonProperty("sub") String sub,
                        @JsonProperty("username") String username,
                        @JsonProperty("scope") String scope,
                        @JsonProperty("client_id") String clientId,
                        @JsonProperty("exp") Long exp,
                        @JsonProperty("iat") Long iat,
                        @JsonProperty("token_type") String tokenType,
                        @JsonProperty("api_key_id") String apiKeyId,
                        @JsonProperty("api_key_expires_at") Long apiKeyExpiresAt,
                        @JsonProperty("withdrawals_bound") Boolean withdrawalsBound,
                        @JsonProperty("address_book_version") Long addressBookVersion) {

    public static final String TOKEN_TYPE = "api_key";
    public static final KeyIntrospection INACTIVE = new KeyIntrospection(false, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * @param nowMillis    the time of the check; {@code exp} counts from it
     * @param cacheSeconds how long the answer may be kept ({@link KeyCheck#cacheSeconds})
     */
    public static KeyIntrospection of(KeyCheck.Passed passed, String gatewayClientId, long nowMillis, int cacheSeconds) {
        ApiKeyCredentialModel key = passed.admission().key();
        Long expiresAt = key.data().expiresAt();
        long exp = nowMillis / 1000 + Math.max(1, cacheSeconds);
        return new KeyIntrospection(true, passed.admission().user().getId(), passed.admission().user().getUsername(),
                ApiKeyTokenClaims.join(passed.admission().inForce()), gatewayClientId, exp, key.getCreatedDate() / 1000,
                TOKEN_TYPE, key.getId(), expiresAt == null ? null : expiresAt / 1000, passed.binding().bound(),
                passed.binding().version());
    }
}
