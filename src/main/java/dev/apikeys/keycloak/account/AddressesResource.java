package dev.apikeys.keycloak.account;

import java.io.InputStream;
import java.util.List;

import dev.apikeys.keycloak.address.AddressBook;
import dev.apikeys.keycloak.address.AddressCsv;
import dev.apikeys.keycloak.address.AddressEntry;
import dev.apikeys.keycloak.address.AddressRepresentation;
import dev.apikeys.keycloak.address.AddressRequest;
import dev.apikeys.keycloak.address.AddressRules;
import dev.apikeys.keycloak.address.ConfirmationPage;
import dev.apikeys.keycloak.address.ManagementRepresentation;
import dev.apikeys.keycloak.address.ManagementRequest;
import dev.apikeys.keycloak.address.WithdrawalChecks;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.policy.LabelText;
import dev.apikeys.keycloak.rest.JsonBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The signed-in user's withdrawal address book, at {@code /realms/{realm}/api-keys/addresses}: the same
 * authentication, step-up, events, CORS and {@code no-store} as the key endpoints. Also the page a confirmation link
 * opens ({@code confirm}, no token needed: the link is the credential) and the withdrawal service's checks
 * ({@code check}, {@code confirmed}: opted-in service accounts only).
 */
public final class AddressesResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SelfServiceCalls calls;

    AddressesResource(KeycloakSession session, RealmModel realm, SelfServiceCalls calls) {
        this.session = session;
        this.realm = realm;
        this.calls = calls;
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return calls.preflight();
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
            event.detail(SelfServiceCalls.ACTION_DETAIL, request.enabled() ? "enable" : done ? "disable" : "disable_requested")
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

    /** The page a confirmation link opens: it shows what the link confirms and asks for a click. */
    @GET
    @Path("confirm")
    @jakarta.ws.rs.Produces(MediaType.TEXT_HTML)
    public Response confirmationPage(@QueryParam("key") String key) {
        return new ConfirmationPage(session, realm).show(key);
    }

    /** The page's Confirm button: the change is made only here, on POST. */
    @POST
    @Path("confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @jakarta.ws.rs.Produces(MediaType.TEXT_HTML)
    public Response confirm(@FormParam("key") String key) {
        return new ConfirmationPage(session, realm).confirm(key);
    }

    /** For withdrawal services: may this user send to this destination? */
    @GET
    @Path("check")
    public Response check(@Context UriInfo uri) {
        return new WithdrawalChecks(session, realm).check(uri.getQueryParameters());
    }

    /** For withdrawal services: the user's confirmed entries, whether withdrawals are bound, and the version. */
    @GET
    @Path("confirmed")
    public Response confirmed(@QueryParam("user") String userId) {
        return new WithdrawalChecks(session, realm).confirmed(userId);
    }

    private Runnable stepUp(SelfServiceAuth.Caller caller, HttpHeaders headers, AddressBook book) {
        return calls.stepUp(caller, headers, book.realmPolicy());
    }

    private static EventBuilder entryEvent(EventBuilder event, AddressEntry entry) {
        return event.detail(Details.CREDENTIAL_ID, entry.id())
                .detail(Details.CREDENTIAL_USER_LABEL, LabelText.display(entry.data().remark()));
    }
}
