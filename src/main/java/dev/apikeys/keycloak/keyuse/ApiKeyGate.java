package dev.apikeys.keycloak.keyuse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.credential.ApiKeyCredentialProvider.Found;
import dev.apikeys.keycloak.credential.ApiKeyCredentialProvider;
import dev.apikeys.keycloak.credential.ApiKeySecret;
import dev.apikeys.keycloak.ip.ClientAddress;
import dev.apikeys.keycloak.ip.IpAllowList;
import dev.apikeys.keycloak.keyuse.KeyRefusal.Reason;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The one path every use of a key goes through, token exchange and direct grant alike. The checks run in this
 * order: checksum (a broken one costs no lookup), key found, client address inside the allow-list (before the
 * secret, so an outsider can neither test secrets nor count failures against the key), this address not
 * throttled, secret matches (a mismatch counts against this key and address only), owner enabled, activation
 * delay over, not expired, requested scopes granted. Everything up to the secret answers the same "invalid API
 * key". A key grants only those of its scopes that the realm's current policy still allows it (see
 * {@link ApiKeyPolicy#scopesInForce}).
 */
public final class ApiKeyGate {

    /** The header a key is presented in, to the key login and to gateways. */
    public static final String HEADER = "X-API-Key";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyPolicy policy;

    /** @param policy the realm's policy as the caller read it for this request */
    public ApiKeyGate(KeycloakSession session, RealmModel realm, ApiKeyPolicy policy) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
    }

    /**
     * A key that passed every check: {@code scopes} are those the request may use (the requested ones, or all in
     * force when none were named), {@code inForce} all the key's scopes that the policy allows today.
     */
    public record Admission(UserModel user, ApiKeyCredentialModel key, List<String> scopes, List<String> inForce) {
    }

    /**
     * @param clientAddress   the caller's address, parsed once for the request
     * @param requestedScopes null or empty for all of the key's scopes in force
     * @throws KeyRefusal naming the first check that failed
     */
    public Admission admit(String secret, ClientAddress clientAddress, Collection<String> requestedScopes) {
        if (secret == null || secret.isEmpty()) {
            throw new KeyRefusal(Reason.MISSING, null, null);
        }
        ApiKeySecret handle = ApiKeySecret.parse(secret).orElseThrow(() -> new KeyRefusal(Reason.MALFORMED, null, null));
        ApiKeyCredentialProvider provider = ApiKeyCredentialProvider.of(session);
        Found found = provider.find(realm, handle);
        if (found == null) {
            throw new KeyRefusal(Reason.NOT_FOUND, handle.keyId(), null);
        }
        UserModel user = found.user();
        ApiKeyCredentialModel key = found.key();
        List<String> ipAllowList = key.data().ipAllowList();
        if (!ipAllowList.isEmpty() && !IpAllowList.parse(ipAllowList).allows(clientAddress)) {
            throw refusal(Reason.IP_NOT_ALLOWED, key, user);
        }
        FailureThrottle throttle = new FailureThrottle(session.singleUseObjects());
        if (throttle.isThrottled(key.getId(), clientAddress)) {
            throw refusal(Reason.THROTTLED, key, user);
        }
        if (!provider.matches(key, secret)) {
            throttle.recordFailure(key.getId(), clientAddress);
            throw refusal(Reason.SECRET_MISMATCH, key, user);
        }
        if (!user.isEnabled()) {
            throw refusal(Reason.USER_DISABLED, key, user);
        }
        long now = Time.currentTimeMillis();
        switch (key.status(now)) {
            case PENDING -> throw refusal(Reason.NOT_ACTIVE, key, user);
            case EXPIRED -> throw refusal(Reason.EXPIRED, key, user);
            default -> { }
        }
        List<String> inForce = policy.scopesInForce(key.data().scopes(), !ipAllowList.isEmpty());
        return new Admission(user, key, grantedScopes(inForce, requestedScopes, key, user), inForce);
    }

    private static List<String> grantedScopes(List<String> inForce, Collection<String> requested,
                                              ApiKeyCredentialModel key, UserModel user) {
        if (requested == null || requested.isEmpty()) {
            return inForce;
        }
        if (!inForce.containsAll(requested)) {
            throw refusal(Reason.SCOPE_NOT_ALLOWED, key, user);
        }
        List<String> granted = new ArrayList<>();
        for (String scope : inForce) {
            if (requested.contains(scope)) {
                granted.add(scope);
            }
        }
        return List.copyOf(granted);
    }

    private static KeyRefusal refusal(Reason reason, ApiKeyCredentialModel key, UserModel user) {
        return new KeyRefusal(reason, key.getId(), user.getId());
    }
}
