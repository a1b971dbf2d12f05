package dev.apikeys.keycloak.address;

import java.util.List;

import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.seam.ConfirmationLinks;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The pages a confirmation link opens, in the realm's login theme and the user's language. GET only shows what
 * the link would confirm, with a Confirm button; the button's POST makes the change, once. A link that expired,
 * was used, was sent to an address the account no longer has, or is not a link at all gets a page that says so.
 */
public final class ConfirmationPage {

    static final String TEMPLATE = "api-key-address-confirm.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;

    public ConfirmationPage(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public Response show(String key) {
        Link link = read(key);
        if (link.refusal != null) {
            return link.refusal;
        }
        if (ConfirmationLinks.used(session, link.verified)) {
            return refused(link.user, "apiKeyAddressLinkUsed");
        }
        boolean disable = AddressBook.OPERATION_DISABLE.equals(link.verified.request().operation());
        List<AddressEntry> awaiting = disable ? List.of() : new AddressBook(session, realm).awaiting(link.user, link.verified.request());
        if (!disable && awaiting.isEmpty()) {
            return info(link.user, "apiKeyAddressNothingToConfirm");
        }
        String action = session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path(AddressBook.CONFIRM_PATH).build().toString();
        return noStore(forms(link.user)
                .setAttribute("apiKeyAddresses", awaiting.stream().map(entry -> AddressMail.describe(entry.data())).toList())
                .setAttribute("apiKeyAddressDisable", disable)
                .setAttribute("apiKeyAddressKey", key)
                .setAttribute("apiKeyAddressAction", action)
                .createForm(TEMPLATE));
    }

    public Response confirm(String key) {
        Link link = read(key);
        if (link.refusal != null) {
            return link.refusal;
        }
        if (!ConfirmationLinks.use(session, link.verified)) {
            return refused(link.user, "apiKeyAddressLinkUsed");
        }
        ConfirmationLinks.Request request = link.verified.request();
        boolean disable = AddressBook.OPERATION_DISABLE.equals(request.operation());
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.UPDATE_CREDENTIAL)
                .user(link.user)
                .detail(Details.CREDENTIAL_TYPE, AddressEntry.TYPE)
                .detail("api_key_action", disable ? "disable" : "confirm");
        List<AddressEntry> confirmed;
        try {
            confirmed = new AddressBook(session, realm).confirm(link.user, request);
        } catch (ApiKeyException e) {
            event.error(e.error().code());
            return refused(link.user, "apiKeyAddressNotChanged");
        }
        if (disable) {
            event.success();
            return info(link.user, "apiKeyAddressDisabled");
        }
        if (confirmed.isEmpty()) {
            return info(link.user, "apiKeyAddressNothingToConfirm");
        }
        for (AddressEntry entry : confirmed) {
            event.clone().detail(Details.CREDENTIAL_ID, entry.id())
                    .detail(Details.CREDENTIAL_USER_LABEL, ApiKeyPolicy.displayLabel(entry.data().remark())).success();
        }
        return info(link.user, "apiKeyAddressConfirmed");
    }

    private Link read(String key) {
        ConfirmationLinks.Verified verified = ConfirmationLinks.verify(session, realm, key);
        if (verified.status() == ConfirmationLinks.Status.EXPIRED) {
            return new Link(null, null, refused(null, "apiKeyAddressLinkExpired"));
        }
        if (verified.status() != ConfirmationLinks.Status.VALID) {
            return new Link(null, null, refused(null, "apiKeyAddressLinkInvalid"));
        }
        UserModel user = session.users().getUserById(realm, verified.request().userId());
        if (user == null) {
            return new Link(null, null, refused(null, "apiKeyAddressLinkInvalid"));
        }
        if (!AddressBook.stillAddressed(user, verified.request().email())) {
            return new Link(null, null, refused(user, "apiKeyAddressLinkVoid"));
        }
        return new Link(verified, user, null);
    }

    private LoginFormsProvider forms(UserModel user) {
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class);
        return user == null ? forms : forms.setUser(user);
    }

    private Response refused(UserModel user, String message) {
        return noStore(forms(user).setError(message).createErrorPage(Response.Status.BAD_REQUEST));
    }

    private Response info(UserModel user, String message) {
        return noStore(forms(user).setSuccess(message).createInfoPage());
    }

    private static Response noStore(Response response) {
        return Response.fromResponse(response).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private record Link(ConfirmationLinks.Verified verified, UserModel user, Response refusal) {
    }

}
