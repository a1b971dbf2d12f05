package dev.apikeys.keycloak.account;

import java.io.InputStream;
import java.util.List;
import java.util.function.Function;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.credential.ApiKeyCredentialProvider.IssuedKey;
import dev.apikeys.keycloak.credential.ApiKeyManager;
import dev.apikeys.keycloak.credential.KeyEvents;
import dev.apikeys.keycloak.credential.LastUse;
import dev.apikeys.keycloak.credential.KeyRequest;
import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.error.ErrorResponses;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.rest.ApiKeyRepresentation;
import dev.apikeys.keycloak.rest.JsonBody;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import dev.apikeys.keycloak.stepup.OtpStepUp;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.cors.Cors;

/**
 * The signed-in user's own keys, at {@code /realms/{realm}/api-keys}. Reads need the account token only;
 * every change also needs the user's current OTP code in {@value OtpStepUp#HEADER} when the realm asks for it.
 */
public final class ApiKeysResource {

    static final String ACTION_DETAIL = "api_key_action";
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    /** Keycloak's CORS defaults (whose Java type changed in 26.5), the bearer token and the step-up code. */
    private static final String ALLOWED_HEADERS = "Origin, Accept, X-Requested-With, Content-Type, "
            + "Access-Control-Request-Method, Access-Control-Request-Headers, Authorization, " + OtpStepUp.HEADER;

    private final KeycloakSession session;
    private final RealmModel realm;

    ApiKeysResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        Cors.builder().auth().allowedMethods(METHODS).preflight().add();
        session.getContext().getHttpResponse().setHeader(Cors.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        return Response.ok().build();
    }

    @GET
    @Path("policy")
    public Response policy() {
        return read(caller -> {
            ApiKeyManager keys = new ApiKeyManager(session, realm);
            boolean otpConfigured = new OtpStepUp(session, realm, keys.policy()).isConfigured(caller.user());
            return Response.ok(PolicyRepresentation.of(keys.policy(), otpConfigured, keys.list(caller.user()).size()));
        });
    }

    @GET
    public Response list() {
        return read(caller -> {
            long now = Time.currentTimeMillis();
            ApiKeyManager manager = new ApiKeyManager(session, realm);
            List<ApiKeyRepresentation> keys = manager.list(caller.user()).stream()
                    .map(key -> ApiKeyRepresentation.of(manager.policy(), key, LastUse.of(session, key), now)).toList();
            return Response.ok(keys);
        });
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return read(caller -> {
            ApiKeyManager manager = new ApiKeyManager(session, realm);
            ApiKeyCredentialModel key = manager.get(caller.user(), id);
            return Response.ok(ApiKeyRepresentation.of(manager.policy(), key, LastUse.of(session, key), Time.currentTimeMillis()));
        });
    }

    /**
     * The key's last use, and its recent token exchanges and logins (successes and refusals) when the realm
     * stores events.
     */
    @GET
    @Path("{id}/activity")
    public Response activity(@PathParam("id") String id) {
        return read(caller -> {
            ApiKeyCredentialModel key = new ApiKeyManager(session, realm).get(caller.user(), id);
            return Response.ok(ActivityRepresentation.of(LastUse.of(session, key),
                    KeyEvents.recent(session, realm, caller.user(), key.getId())));
        });
    }

    @POST
    public Response create(@Context HttpHeaders headers, InputStream body) {
        return change(EventType.UPDATE_CREDENTIAL, "create", null, (caller, event, keys) -> {
            KeyRequest request = JsonBody.read(body, KeyRequest.class);
            IssuedKey issued = keys.create(caller.user(), request, stepUp(caller, headers, keys));
            keyEvent(event, issued.key()).success();
            return Response.status(Response.Status.CREATED)
                    .entity(ApiKeyRepresentation.of(keys.policy(), issued.key(), null, Time.currentTimeMillis(), issued.secret()));
        });
    }

    @PUT
    @Path("{id}")
    public Response update(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body) {
        return change(EventType.UPDATE_CREDENTIAL, "update", id, (caller, event, keys) -> {
            KeyRequest change = JsonBody.read(body, KeyRequest.class);
            ApiKeyCredentialModel key = keys.update(caller.user(), id, change, stepUp(caller, headers, keys));
            keyEvent(event, key).success();
            return Response.ok(ApiKeyRepresentation.of(keys.policy(), key, LastUse.of(session, key), Time.currentTimeMillis()));
        });
    }

    @POST
    @Path("{id}/renew")
    public Response renew(@PathParam("id") String id, @Context HttpHeaders headers) {
        return change(EventType.UPDATE_CREDENTIAL, "renew", id, (caller, event, keys) -> {
            ApiKeyCredentialModel key = keys.renew(caller.user(), id, stepUp(caller, headers, keys));
            keyEvent(event, key).success();
            return Response.ok(ApiKeyRepresentation.of(keys.policy(), key, LastUse.of(session, key), Time.currentTimeMillis()));
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context HttpHeaders headers) {
        return change(EventType.REMOVE_CREDENTIAL, "delete", id, (caller, event, keys) -> {
            ApiKeyCredentialModel key = keys.delete(caller.user(), id, stepUp(caller, headers, keys));
            keyEvent(event, key).success();
            return Response.noContent();
        });
    }

    @DELETE
    public Response deleteAll(@Context HttpHeaders headers) {
        return change(EventType.REMOVE_CREDENTIAL, "delete", null, (caller, event, keys) -> {
            List<ApiKeyCredentialModel> deleted = keys.deleteAll(caller.user(), stepUp(caller, headers, keys));
            for (ApiKeyCredentialModel key : deleted) {
                keyEvent(event.clone(), key).success();
            }
            return Response.noContent();
        });
    }

    private Runnable stepUp(SelfServiceAuth.Caller caller, HttpHeaders headers, ApiKeyManager keys) {
        if (!keys.policy().otpRequired()) {
            return () -> { };
        }
        String code = headers.getHeaderString(OtpStepUp.HEADER);
        return () -> new OtpStepUp(session, realm, keys.policy()).verify(caller.user(), code);
    }

    private Response read(Function<SelfServiceAuth.Caller, Response.ResponseBuilder> action) {
        try {
            SelfServiceAuth.Caller caller = SelfServiceAuth.authenticate(session, realm);
            cors(caller);
            return noStore(action.apply(caller).type(MediaType.APPLICATION_JSON_TYPE));
        } catch (ApiKeyException e) {
            return noStore(ErrorResponses.of(e));
        }
    }

    private Response change(EventType type, String action, String keyId, Change change) {
        SelfServiceAuth.Caller caller;
        try {
            caller = SelfServiceAuth.authenticate(session, realm);
            cors(caller);
        } catch (ApiKeyException e) {
            return noStore(ErrorResponses.of(e));
        }
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(type)
                .user(caller.user())
                .client(caller.client())
                .detail(Details.CREDENTIAL_TYPE, ApiKeyCredentialModel.TYPE)
                .detail(ACTION_DETAIL, action);
        if (keyId != null) {
            event.detail(Details.CREDENTIAL_ID, keyId);
        }
        try {
            return noStore(change.apply(caller, event, new ApiKeyManager(session, realm)).type(MediaType.APPLICATION_JSON_TYPE));
        } catch (ApiKeyException e) {
            event.error(e.error().code());
            return noStore(ErrorResponses.of(e));
        }
    }

    /** Answers about keys (one of them carrying a secret) must never sit in a browser or proxy cache. */
    private static Response noStore(Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static EventBuilder keyEvent(EventBuilder event, ApiKeyCredentialModel key) {
        return event.detail(Details.CREDENTIAL_ID, key.getId()).detail(Details.CREDENTIAL_USER_LABEL, ApiKeyPolicy.displayLabel(key.label()));
    }

    private void cors(SelfServiceAuth.Caller caller) {
        KeycloakInternals.corsForToken(METHODS, caller.token());
    }

    @FunctionalInterface
    private interface Change {
        Response.ResponseBuilder apply(SelfServiceAuth.Caller caller, EventBuilder event, ApiKeyManager keys);
    }
}
