package dev.apikeys.keycloak.keyuse;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.ip.ClientAddress;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Why a presented key was refused. The OAuth2 description never tells a caller more than a valid secret
 * already proves: everything before the secret matched reads "invalid API key", an address outside the allow-list and
 * throttling included (only
 * existing keys are throttled, so a distinct answer would confirm that a key exists, as Keycloak hides a
 * temporarily locked user behind "invalid credentials"). The event error is precise.
 */
public final class KeyRefusal extends RuntimeException {

    /**
     * Each reason in every vocabulary it is told in: the OAuth2 error of the token endpoint, the precise error of the
     * event, the description a caller reads, and the forward-auth error with its HTTP status (401 for anything that
     * is no usable key, the same answer whatever the reason; 403 for a key that may not do this), and whether it
     * comes after the secret matched.
     */
    public enum Reason {
        MISSING(OAuthErrorException.INVALID_REQUEST, "api_key_missing", "an API key is required", "api_key_missing", 401, false),
        MALFORMED(OAuthErrorException.INVALID_GRANT, "api_key_malformed", Reason.INVALID, Reason.GATEWAY_INVALID, 401, false),
        NOT_FOUND(OAuthErrorException.INVALID_GRANT, "api_key_not_found", Reason.INVALID, Reason.GATEWAY_INVALID, 401, false),
        THROTTLED(OAuthErrorException.INVALID_GRANT, "api_key_throttled", Reason.INVALID, Reason.GATEWAY_INVALID, 401, false),
        SECRET_MISMATCH(OAuthErrorException.INVALID_GRANT, "api_key_secret_mismatch", Reason.INVALID, Reason.GATEWAY_INVALID,
                401, false),
        USER_DISABLED(OAuthErrorException.INVALID_GRANT, "user_disabled", "the owner of this API key is disabled",
                "user_disabled", 403, true),
        NOT_ACTIVE(OAuthErrorException.INVALID_GRANT, "api_key_not_active", "this API key is not active yet",
                "api_key_not_active", 403, true),
        EXPIRED(OAuthErrorException.INVALID_GRANT, "api_key_expired", "this API key has expired", "api_key_expired", 403, true),
        IP_NOT_ALLOWED(OAuthErrorException.INVALID_GRANT, "api_key_ip_not_allowed", Reason.INVALID, Reason.GATEWAY_INVALID,
                401, false),
        SCOPE_NOT_ALLOWED(OAuthErrorException.INVALID_SCOPE, "api_key_scope_not_allowed",
                "a requested scope is not granted to this API key", "insufficient_scope", 403, true);

        private static final String INVALID = "invalid API key";
        private static final String GATEWAY_INVALID = "api_key_invalid";

        private final String oauthError;
        private final String eventError;
        private final String description;
        private final String gatewayError;
        private final int gatewayStatus;
        private final boolean secretProven;

        Reason(String oauthError, String eventError, String description, String gatewayError, int gatewayStatus,
               boolean secretProven) {
            this.oauthError = oauthError;
            this.eventError = eventError;
            this.description = description;
            this.gatewayError = gatewayError;
            this.gatewayStatus = gatewayStatus;
            this.secretProven = secretProven;
        }

        public String oauthError() {
            return oauthError;
        }

        public String eventError() {
            return eventError;
        }

        public String description() {
            return description;
        }

        public String gatewayError() {
            return gatewayError;
        }

        public int gatewayStatus() {
            return gatewayStatus;
        }

        /** Whether the caller presented the key's secret: only its holder can be refused for this reason. */
        public boolean secretProven() {
            return secretProven;
        }
    }

    private final Reason reason;
    private final String keyId;
    private final String userId;

    KeyRefusal(Reason reason, String keyId, String userId) {
        super(reason.eventError(), null, false, false);
        this.reason = reason;
        this.keyId = keyId;
        this.userId = userId;
    }

    public Reason reason() {
        return reason;
    }

    /** The key the refusal concerns, when the secret named one; never the secret. */
    public String keyId() {
        return keyId;
    }

    public String userId() {
        return userId;
    }

    /**
     * Records the refusal on the request's event, with the key and its owner where known, and sends it: to the event
     * store only as {@link StoredRefusals} allows, to every event listener always.
     */
    /** @param address the caller's address as the gate was given it (see {@link ApiKeyGate#admit}) */
    public void record(KeycloakSession session, EventBuilder event, ClientAddress address) {
        if (keyId != null) {
            event.detail(ApiKeyCredentialModel.TOKEN_CLAIM, keyId);
        }
        if (userId != null) {
            event.user(userId);
        }
        event.detail(Details.REASON, reason.eventError());
        RealmModel realm = session.getContext().getRealm();
        if (reason.secretProven() && userId != null) {
            HolderRefusal.note(session.singleUseObjects(), keyId, event.getEvent(), reason);
        }
        // the caller's address as the gate parsed it; when the caller did not say, the address the event names
        String source = address.isLiteral() ? address.source() : ClientAddress.of(event.getEvent().getIpAddress()).source();
        if (StoredRefusals.keep(session.singleUseObjects(), realm, event.getEvent(), userId == null ? null : keyId, reason, source)) {
            event.error(reason.eventError());
        } else {
            Event refusal = event.getEvent().clone();
            refusal.setType(StoredRefusals.errorType(refusal.getType()));
            refusal.setError(reason.eventError());
            KeycloakInternals.sendToListenersOnly(session, realm, refusal);
        }
    }
}
