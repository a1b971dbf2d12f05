package dev.apikeys.keycloak.rest.selfservice;

import java.io.InputStream;
import java.util.List;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.credential.ApiKeyCredentialProvider.IssuedKey;
import dev.apikeys.keycloak.credential.ApiKeyManager;
import dev.apikeys.keycloak.credential.KeyEvents;
import dev.apikeys.keycloak.credential.KeyRequest;
import dev.apikeys.keycloak.keyuse.HolderRefusal;
import dev.apikeys.keycloak.keyuse.LastUse;
import dev.apikeys.keycloak.policy.LabelText;
import dev.apikeys.keycloak.rest.ApiKeyRepresentation;
import dev.apikeys.keycloak.rest.JsonBody;
import dev.apikeys.keycloak.stepup.OtpStepUp;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/**
 * The signed-in user's own keys, at {@code /realms/{realm}/api-keys}. Reads need the account token only;
 * every change also needs the user's current OTP code in {@value OtpStepUp#HEADER} when the realm asks for it.
 */
public final class KeysResource extends SelfServiceResource {

    public KeysResource(KeycloakSession session) {
        super(session);
    }

    @GET
    @Path("policy")
    public Response policy() {
        return calls.read(caller -> {
            ApiKeyManager keys = new ApiKeyManager(session, realm);
            boolean otpConfigured = new OtpStepUp(session, realm, keys.policy()).isConfigured(caller.user());
            return Response.ok(PolicyRepresentation.of(keys.policy(), otpConfigured, keys.list(caller.user()).size()));
        });
    }

    @GET
    public Response list() {
        return calls.read(caller -> {
            long now = Time.currentTimeMillis();
            ApiKeyManager manager = new ApiKeyManager(session, realm);
            List<ApiKeyRepresentation> keys = manager.list(caller.user()).stream()
                    .map(key -> ApiKeyRepresentation.of(session, manager.policy(), key, now)).toList();
            return Response.ok(keys);
        });
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return calls.read(caller -> {
            ApiKeyManager manager = new ApiKeyManager(session, realm);
            ApiKeyCredentialModel key = manager.get(caller.user(), id);
            return Response.ok(ApiKeyRepresentation.of(session, manager.policy(), key, Time.currentTimeMillis()));
        });
    }

    /**
     * The key's last use, and its recent token exchanges and logins (successes and refusals) when the realm
     * stores events.
     */
    @GET
    @Path("{id}/activity")
    public Response activity(@PathParam("id") String id) {
        return calls.read(caller -> {
            ApiKeyCredentialModel key = new ApiKeyManager(session, realm).get(caller.user(), id);
            return Response.ok(ActivityRepresentation.of(LastUse.of(session, key),
                    KeyEvents.recent(session, realm, caller.user(), key.getId()),
                    HolderRefusal.of(session.singleUseObjects(), key.getId())));
        });
    }

    @POST
    public Response create(@Context HttpHeaders headers, InputStream body) {
        return keyChange(EventType.UPDATE_CREDENTIAL, "create", null, (caller, event, keys) -> {
            KeyRequest request = JsonBody.read(body, KeyRequest.class);
            IssuedKey issued = keys.create(caller.user(), request, calls.stepUp(caller, headers, keys.policy()));
            keyEvent(event, issued.key()).success();
            return Response.status(Response.Status.CREATED)
                    .entity(ApiKeyRepresentation.created(keys.policy(), issued.key(), Time.currentTimeMillis(), issued.secret()));
        });
    }

    @PUT
    @Path("{id}")
    public Response update(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body) {
        return keyChange(EventType.UPDATE_CREDENTIAL, "update", id, (caller, event, keys) -> {
            KeyRequest change = JsonBody.read(body, KeyRequest.class);
            ApiKeyCredentialModel key = keys.update(caller.user(), id, change, calls.stepUp(caller, headers, keys.policy()));
            keyEvent(event, key).success();
            return Response.ok(ApiKeyRepresentation.of(session, keys.policy(), key, Time.currentTimeMillis()));
        });
    }

    @POST
    @Path("{id}/renew")
    public Response renew(@PathParam("id") String id, @Context HttpHeaders headers) {
        return keyChange(EventType.UPDATE_CREDENTIAL, "renew", id, (caller, event, keys) -> {
            ApiKeyCredentialModel key = keys.renew(caller.user(), id, calls.stepUp(caller, headers, keys.policy()));
            keyEvent(event, key).success();
            return Response.ok(ApiKeyRepresentation.of(session, keys.policy(), key, Time.currentTimeMillis()));
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context HttpHeaders headers) {
        return keyChange(EventType.REMOVE_CREDENTIAL, "delete", id, (caller, event, keys) -> {
            ApiKeyCredentialModel key = keys.delete(caller.user(), id, calls.stepUp(caller, headers, keys.policy()));
            keyEvent(event, key).success();
            return Response.noContent();
        });
    }

    @DELETE
    public Response deleteAll(@Context HttpHeaders headers) {
        return keyChange(EventType.REMOVE_CREDENTIAL, "delete", null, (caller, event, keys) -> {
            List<ApiKeyCredentialModel> deleted = keys.deleteAll(caller.user(), calls.stepUp(caller, headers, keys.policy()));
            for (ApiKeyCredentialModel key : deleted) {
                keyEvent(event.clone(), key).success();
            }
            return Response.noContent();
        });
    }

    private Response keyChange(EventType type, String action, String keyId, KeyChange change) {
        return calls.change(type, ApiKeyCredentialModel.TYPE, action, keyId,
                (caller, event) -> change.apply(caller, event, new ApiKeyManager(session, realm)));
    }

    private static EventBuilder keyEvent(EventBuilder event, ApiKeyCredentialModel key) {
        return event.detail(Details.CREDENTIAL_ID, key.getId()).detail(Details.CREDENTIAL_USER_LABEL, LabelText.display(key.label()));
    }

    @FunctionalInterface
    private interface KeyChange {
        Response.ResponseBuilder apply(SelfServiceAuth.Caller caller, EventBuilder event, ApiKeyManager keys);
    }
}
