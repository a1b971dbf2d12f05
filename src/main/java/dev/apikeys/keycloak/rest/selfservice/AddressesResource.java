package dev.apikeys.keycloak.rest.selfservice;

import java.io.InputStream;
import java.util.List;

import dev.apikeys.keycloak.address.AddressBook;
import dev.apikeys.keycloak.address.AddressCsv;
import dev.apikeys.keycloak.address.AddressEntry;
import dev.apikeys.keycloak.address.AddressRequest;
import dev.apikeys.keycloak.address.AddressRules;
import dev.apikeys.keycloak.credential.KeyEvents;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.policy.LabelText;
import dev.apikeys.keycloak.rest.AddressRepresentation;
import dev.apikeys.keycloak.rest.JsonBody;
import dev.apikeys.keycloak.rest.ManagementRepresentation;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/**
 * The signed-in user's withdrawal address book, at {@code /realms/{realm}/api-keys/addresses}: the same
 * authentication, step-up, events, CORS and {@code no-store} as the key endpoints. The pages its confirmation links open
 * and the withdrawal services' questions share its path but not its audience: see
 * {@link dev.apikeys.keycloak.rest.ApiKeysRealmResource}.
 */
public final class AddressesResource extends SelfServiceResource {

    public AddressesResource(KeycloakSession session) {
        super(session);
    }

    @GET
    public Response list() {
        return calls.read(caller -> Response.ok(new AddressBook(session, realm).list(caller.user()).stream()
                .map(AddressRepresentation::of).toList()));
    }

    @GET
    @Path("management")
    public Response management() {
        return calls.read(caller -> {
            AddressBook book = new AddressBook(session, realm);
            return Response.ok(ManagementRepresentation.of(book, book.state(caller.user()), book.list(caller.user()).size()));
        });
    }

    /** On at once (200); off after the link in the mail is followed (202), unless the realm needs no confirmation. */
    @PUT
    @Path("management")
    public Response setManagement(@Context HttpHeaders headers, InputStream body) {
        return calls.change(EventType.UPDATE_CREDENTIAL, AddressEntry.TYPE, "management", null, (caller, event) -> {
            ManagementRequest request = JsonBody.read(body, ManagementRequest.class);
            if (request.enabled() == null) {
                throw ApiKeyError.INVALID_REQUEST.exception("field 'enabled' is required");
            }
            AddressBook book = new AddressBook(session, realm);
            boolean done = book.setEnabled(caller.user(), request.enabled(), stepUp(caller, headers, book));
            event.detail(KeyEvents.ACTION_DETAIL, request.enabled() ? "enable" : done ? "disable" : "disable_requested")
                    .success();
            return Response.status(done ? Response.Status.OK : Response.Status.ACCEPTED)
                    .entity(ManagementRepresentation.of(book, book.state(caller.user()), book.list(caller.user()).size()));
        });
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return calls.read(caller -> Response.ok(AddressRepresentation.of(new AddressBook(session, realm).get(caller.user(), id))));
    }

    /** One address as JSON, or a batch as {@value AddressCsv#MEDIA_TYPE}; 201 with what was added. */
    @POST
    public Response add(@Context HttpHeaders headers, InputStream body) {
        return calls.change(EventType.UPDATE_CREDENTIAL, AddressEntry.TYPE, "create", null, (caller, event) -> {
            MediaType type = headers.getMediaType();
            boolean batch = type != null && type.isCompatible(MediaType.valueOf(AddressCsv.MEDIA_TYPE));
            if (!batch && type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                throw ApiKeyError.UNSUPPORTED_MEDIA_TYPE.exception("send one address as application/json or a batch as text/csv");
            }
            List<AddressCsv.Row> rows = batch
                    ? AddressCsv.parse(JsonBody.readText(body))
                    : List.of(new AddressCsv.Row(1, AddressRules.check(JsonBody.read(body, AddressRequest.class))));
            AddressBook book = new AddressBook(session, realm);
            List<AddressEntry> added = book.add(caller.user(), rows, batch, stepUp(caller, headers, book));
            for (AddressEntry entry : added) {
                entryEvent(event.clone(), entry).success();
            }
            List<AddressRepresentation> shown = added.stream().map(AddressRepresentation::of).toList();
            return Response.status(Response.Status.CREATED).entity(batch ? shown : shown.get(0));
        });
    }

    @POST
    @Path("{id}/resend")
    public Response resend(@PathParam("id") String id) {
        return calls.change(EventType.UPDATE_CREDENTIAL, AddressEntry.TYPE, "resend", id, (caller, event) -> {
            AddressEntry entry = new AddressBook(session, realm).resend(caller.user(), id);
            entryEvent(event, entry).success();
            return Response.accepted(AddressRepresentation.of(entry));
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context HttpHeaders headers) {
        return calls.change(EventType.REMOVE_CREDENTIAL, AddressEntry.TYPE, "delete", id, (caller, event) -> {
            AddressBook book = new AddressBook(session, realm);
            AddressEntry entry = book.delete(caller.user(), id, stepUp(caller, headers, book));
            entryEvent(event, entry).success();
            return Response.noContent();
        });
    }

    @DELETE
    public Response deleteAll(@Context HttpHeaders headers) {
        return calls.change(EventType.REMOVE_CREDENTIAL, AddressEntry.TYPE, "delete", null, (caller, event) -> {
            AddressBook book = new AddressBook(session, realm);
            for (AddressEntry entry : book.deleteAll(caller.user(), stepUp(caller, headers, book))) {
                entryEvent(event.clone(), entry).success();
            }
            return Response.noContent();
        });
    }

    private Runnable stepUp(SelfServiceAuth.Caller caller, HttpHeaders headers, AddressBook book) {
        return calls.stepUp(caller, headers, book.realmPolicy());
    }

    private static EventBuilder entryEvent(EventBuilder event, AddressEntry entry) {
        return event.detail(Details.CREDENTIAL_ID, entry.id())
                .detail(Details.CREDENTIAL_USER_LABEL, LabelText.display(entry.data().remark()));
    }
}
