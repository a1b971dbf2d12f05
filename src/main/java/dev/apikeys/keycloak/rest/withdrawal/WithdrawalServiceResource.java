package dev.apikeys.keycloak.rest.withdrawal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.apikeys.keycloak.address.AddressBook;
import dev.apikeys.keycloak.address.AddressData;
import dev.apikeys.keycloak.address.AddressEntry;
import dev.apikeys.keycloak.address.AddressRequest;
import dev.apikeys.keycloak.address.AddressRules;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.rest.AddressRepresentation;
import dev.apikeys.keycloak.rest.Answers;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code /realms/{realm}/api-keys/addresses/check} and {@code .../confirmed}: what a withdrawal service asks before it sends funds: is this destination a confirmed entry of the user's book,
 * and are the user's withdrawals bound to the book? Only the service account of a confidential client that an
 * administrator opted in ({@value #CLIENT_ATTRIBUTE}{@code =true}) may ask, with its bearer token. Answers come from
 * Keycloak's user cache (entries are credentials of the user), so a warm check queries no database.
 */
public final class WithdrawalServiceResource {

    public static final String CLIENT_ATTRIBUTE = "api-keys.address-book.reader";

    /** The questions, as the last segment of their path. */
    public static final String CHECK = "check";
    public static final String CONFIRMED = "confirmed";
    private static final List<String> PARAMETERS = List.of("user", "kind", "coin", "network", "address", "memo");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String question;

    /** @param question {@link #CHECK} or {@link #CONFIRMED} */
    public WithdrawalServiceResource(KeycloakSession session, String question) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.question = question;
    }

    /** The answer to a check; {@code entryId} names the entry that allows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String user, boolean allowed, boolean bound, long version, String entryId) {
    }

    /** A user's confirmed entries. */
    public record Book(String user, boolean bound, long version, List<AddressRepresentation> entries) {
    }

    @GET
    public Response answer(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        for (String name : PARAMETERS) {
            List<String> values = query.get(name);
            if (values != null && values.size() > 1) {
                // a service that reads the last value would be answered about the first
                return Answers.error(ApiKeyError.INVALID_REQUEST.exception("query parameter '" + name + "' is sent more than once"));
            }
        }
        return CHECK.equals(question) ? check(query) : confirmed(query.getFirst("user"));
    }

    /** May this user send to this destination? */
    private Response check(MultivaluedMap<String, String> query) {
        return Answers.of(() -> {
            authorize();
            UserModel user = user(query.getFirst("user"));
            AddressData asked = AddressRules.check(new AddressRequest(query.getFirst("kind"), query.getFirst("coin"),
                    query.getFirst("network"), query.getFirst("address"), query.getFirst("memo"), "check"));
            AddressBook book = new AddressBook(session, realm);
            AddressEntry allowing = user.isEnabled() ? book.allowing(user, asked) : null;
            return Response.ok(new Answer(user.getId(), allowing != null, book.bound(user),
                    book.state(user).version(), allowing == null ? null : allowing.id()));
        });
    }

    /** The user's confirmed entries, whether withdrawals are bound, and the version. */
    private Response confirmed(String userId) {
        return Answers.of(() -> {
            authorize();
            UserModel user = user(userId);
            AddressBook book = new AddressBook(session, realm);
            List<AddressRepresentation> entries = book.list(user).stream().filter(entry -> entry.data().confirmed())
                    .map(AddressRepresentation::of).toList();
            return Response.ok(new Book(user.getId(), book.bound(user), book.state(user).version(), entries));
        });
    }

    private void authorize() {
        KeycloakInternals.Bearer caller = KeycloakInternals.authenticateBearer(session);
        if (caller == null) {
            throw ApiKeyError.NOT_AUTHENTICATED.exception("a valid bearer token of a withdrawal service is required");
        }
        ClientModel client = caller.client();
        boolean optedIn = client != null && !client.isPublicClient() && Boolean.parseBoolean(client.getAttribute(CLIENT_ATTRIBUTE));
        if (!optedIn || !client.getId().equals(caller.user().getServiceAccountClientLink())) {
            throw ApiKeyError.FORBIDDEN.exception("only the service account of a client opted in with "
                    + CLIENT_ATTRIBUTE + " may read address books");
        }
    }

    private UserModel user(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 255) {
            throw ApiKeyError.INVALID_REQUEST.exception("query parameter 'user' (the user's id) is required");
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw ApiKeyError.NOT_FOUND.exception("no such user");
        }
        return user;
    }

}
