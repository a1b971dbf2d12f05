package dev.apikeys.keycloak.rest.confirmation;

import java.util.List;

import dev.apikeys.keycloak.address.AddressBook;
import dev.apikeys.keycloak.address.AddressEntry;
import dev.apikeys.keycloak.address.AddressMail;
import dev.apikeys.keycloak.credential.KeyEvents;
import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.policy.LabelText;
import dev.apikeys.keycloak.rest.Answers;
import dev.apikeys.keycloak.seam.ConfirmationLinks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code /realms/{realm}/api-keys/addresses/confirm}: the pages a confirmation link opens, in the realm's login theme and the user's language. GET only shows what
 * the link would do, with a button; the button's POST makes the change, once. A link that expired, was used, was sent
 * to an address the account no longer has, or is not a link at all gets a page that says so, and a POST of one is
 * recorded as an {@code UPDATE_CREDENTIAL_ERROR} event (never with the link). No token is needed: the link is the
 * credential.
 */
public final class ConfirmationPageResource {

    static final String TEMPLATE = "api-key-address-confirm.ftl";
    static final String LINK_INVALID = "link_invalid";
    static final String LINK_EXPIRED = "link_expired";
    static final String LINK_USED = "link_used";
    static final String LINK_VOID = "link_void";
    static final String LINK_STALE = "link_stale";

    private final KeycloakSession session;
    private final RealmModel realm;

    public ConfirmationPageResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** What the link confirms, with a button: nothing changes on GET (mail scanners follow links). */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@QueryParam("key") String key) {
        Link link = read(key);
        if (link.refusal != null) {
            return refused(link.user, link.refusal);
        }
        if (ConfirmationLinks.used(session, link.verified)) {
            return refused(link.user, LINK_USED);
        }
        boolean disable = AddressBook.OPERATION_DISABLE.equals(link.verified.request().operation());
        AddressBook book = new AddressBook(session, realm);
        if (disable && book.state(link.user).version() != link.verified.request().bookVersion()) {
            return refused(link.user, LINK_STALE);
        }
        List<AddressEntry> awaiting = disable ? List.of() : book.awaiting(link.user, link.verified.request());
        if (!disable && awaiting.isEmpty()) {
            return info(link.user, "apiKeyAddressNothingToConfirm");
        }
        String action = session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path(AddressBook.CONFIRM_PATH).build().toString();
        return Answers.page(forms(link.user)
                .setAttribute("apiKeyAddresses", awaiting.stream().map(entry -> AddressMail.describe(entry.data())).toList())
                .setAttribute("apiKeyAddressDisable", disable)
                .setAttribute("apiKeyAddressKey", key)
                .setAttribute("apiKeyAddressAction", action)
                .createForm(TEMPLATE));
    }

    /** The page's Confirm button: the change is made only here. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response confirm(@FormParam("key") String key) {
        Link link = read(key);
        boolean disable = link.verified != null && AddressBook.OPERATION_DISABLE.equals(link.verified.request().operation());
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, AddressEntry.TYPE)
                .detail(KeyEvents.ACTION_DETAIL, disable ? "disable" : "confirm");
        if (link.user != null) {
            event.user(link.user);
        }
        if (link.refusal != null) {
            event.error(link.refusal);
            return refused(link.user, link.refusal);
        }
        AddressBook.Confirmation done;
        try {
            done = new AddressBook(session, realm).confirm(link.user, link.verified);
        } catch (ApiKeyException e) {
            session.getTransactionManager().setRollbackOnly();
            event.error(e.error().code());
            return Answers.page(forms(link.user).setError("apiKeyAddressNotChanged").createErrorPage(Response.Status.BAD_REQUEST));
        }
        switch (done.outcome()) {
            case USED -> {
                event.error(LINK_USED);
                return refused(link.user, LINK_USED);
            }
            case STALE -> {
                event.error(LINK_STALE);
                return refused(link.user, LINK_STALE);
            }
            case NOTHING_LEFT -> {
                return info(link.user, "apiKeyAddressNothingToConfirm");
            }
            default -> {
            }
        }
        if (disable) {
            event.success();
            return info(link.user, "apiKeyAddressDisabled");
        }
        for (AddressEntry entry : done.confirmed()) {
            event.clone().detail(Details.CREDENTIAL_ID, entry.id())
                    .detail(Details.CREDENTIAL_USER_LABEL, LabelText.display(entry.data().remark())).success();
        }
        return info(link.user, "apiKeyAddressConfirmed");
    }

    private Link read(String key) {
        ConfirmationLinks.Verified verified = ConfirmationLinks.verify(session, realm, key);
        if (verified.status() == ConfirmationLinks.Status.EXPIRED) {
            return new Link(null, null, LINK_EXPIRED);
        }
        if (verified.status() != ConfirmationLinks.Status.VALID) {
            return new Link(null, null, LINK_INVALID);
        }
        UserModel user = session.users().getUserById(realm, verified.request().userId());
        if (user == null) {
            return new Link(null, null, LINK_INVALID);
        }
        if (!AddressBook.stillAddressed(user, verified.request().email())) {
            return new Link(null, user, LINK_VOID);
        }
        return new Link(verified, user, null);
    }

    private LoginFormsProvider forms(UserModel user) {
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class);
        return user == null ? forms : forms.setUser(user);
    }

    /** The page of a refused link; its message is {@code apiKeyAddress} plus the refusal in camel case. */
    private Response refused(UserModel user, String refusal) {
        String message = switch (refusal) {
            case LINK_EXPIRED -> "apiKeyAddressLinkExpired";
            case LINK_USED -> "apiKeyAddressLinkUsed";
            case LINK_VOID -> "apiKeyAddressLinkVoid";
            case LINK_STALE -> "apiKeyAddressLinkStale";
            default -> "apiKeyAddressLinkInvalid";
        };
        return Answers.page(forms(user).setError(message).createErrorPage(Response.Status.BAD_REQUEST));
    }

    private Response info(UserModel user, String message) {
        LoginFormsProvider forms = forms(user);
        return Answers.page(forms.setAttribute("messageHeader", forms.getMessage("apiKeyAddressBookTitle"))
                .setSuccess(message).createInfoPage());
    }


    private record Link(ConfirmationLinks.Verified verified, UserModel user, String refusal) {
    }
}
