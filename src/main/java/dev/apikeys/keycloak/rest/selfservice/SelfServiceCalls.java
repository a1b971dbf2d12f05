package dev.apikeys.keycloak.rest.selfservice;

import java.util.function.Function;

import dev.apikeys.keycloak.credential.KeyEvents;
import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.rest.Answers;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import dev.apikeys.keycloak.stepup.OtpStepUp;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * How every self-service call runs, for keys and addresses alike: the caller authenticated as Keycloak's account
 * API does, CORS for the token's web origins, JSON answers that no cache keeps, refusals with their stable code, and
 * for changes an event that names what changed, its outcome and, on refusal, the code.
 */
final class SelfServiceCalls {

    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    /**
     * Keycloak's CORS defaults (whose Java type changed in 26.5), the token (a DPoP-bound one with its proof, as
     * Keycloak's account API allows) and the step-up code.
     */
    private static final String ALLOWED_HEADERS = "Origin, Accept, X-Requested-With, Content-Type, "
            + "Access-Control-Request-Method, Access-Control-Request-Headers, Authorization, DPoP, " + OtpStepUp.HEADER;

    private final KeycloakSession session;
    private final RealmModel realm;

    SelfServiceCalls(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Response preflight() {
        KeycloakInternals.corsPreflight(session, METHODS, ALLOWED_HEADERS);
        return Response.ok().build();
    }

    Response read(Function<SelfServiceAuth.Caller, Response.ResponseBuilder> action) {
        try {
            SelfServiceAuth.Caller caller = SelfServiceAuth.authenticate(session, realm);
            KeycloakInternals.corsForToken(METHODS, caller.token());
            return Answers.json(action.apply(caller));
        } catch (ApiKeyException e) {
            return Answers.error(e);
        }
    }

    /**
     * @param credentialType the credential type the event names
     * @param id             the key or entry the request names, or null
     */
    Response change(EventType type, String credentialType, String action, String id, Change change) {
        SelfServiceAuth.Caller caller;
        try {
            caller = SelfServiceAuth.authenticate(session, realm);
            KeycloakInternals.corsForToken(METHODS, caller.token());
        } catch (ApiKeyException e) {
            return Answers.error(e);
        }
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(type)
                .user(caller.user())
                .client(caller.client())
                .detail(Details.CREDENTIAL_TYPE, credentialType)
                .detail(KeyEvents.ACTION_DETAIL, action);
        if (id != null) {
            event.detail(Details.CREDENTIAL_ID, id);
        }
        try {
            return Answers.json(change.apply(caller, event));
        } catch (ApiKeyException e) {
            event.error(e.error().code());
            return Answers.error(e);
        }
    }

    /** The OTP step-up of a change, run by the manager once the change has been checked. */
    Runnable stepUp(SelfServiceAuth.Caller caller, HttpHeaders headers, ApiKeyPolicy policy) {
        if (!policy.otpRequired()) {
            return () -> { };
        }
        String code = headers.getHeaderString(OtpStepUp.HEADER);
        return () -> new OtpStepUp(session, realm, policy).verify(caller.user(), code);
    }

    /** Answers about keys and addresses (one of them carrying a secret) must never sit in a browser or proxy cache. */
    @FunctionalInterface
    interface Change {
        Response.ResponseBuilder apply(SelfServiceAuth.Caller caller, EventBuilder event);
    }
}
