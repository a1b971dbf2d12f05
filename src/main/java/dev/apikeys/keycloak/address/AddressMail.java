package dev.apikeys.keycloak.address;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.apikeys.keycloak.error.ApiKeyError;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Confirmation mails, sent through Keycloak's e-mail sending with the realm's SMTP settings, in the user's locale.
 * The templates and messages come with the jar ({@code theme-resources}), so they work with any e-mail theme.
 */
public final class AddressMail {

    static final String TEMPLATE = "api-key-address-confirmation.ftl";
    private static final Logger LOG = Logger.getLogger(AddressMail.class);

    private AddressMail() {
    }

    /** Refuses before anything is written when no mail could be sent: no SMTP settings, or no verified address. */
    static String checkCanSend(RealmModel realm, UserModel user) {
        Map<String, String> smtp = realm.getSmtpConfig();
        if (smtp == null || smtp.get("host") == null || smtp.get("host").isBlank()) {
            throw ApiKeyError.MAIL_NOT_CONFIGURED.exception(
                    "this realm sends no e-mail (no SMTP settings), so addresses cannot be confirmed; ask an administrator");
        }
        if (user.getEmail() == null || user.getEmail().isBlank() || !user.isEmailVerified()) {
            throw ApiKeyError.EMAIL_NOT_VERIFIED.exception(
                    "confirmations go only to a verified e-mail address; verify the account's e-mail address first");
        }
        return user.getEmail();
    }

    /**
     * @param disable true for the mail that turns address management off, false for entries to confirm
     */
    static void send(KeycloakSession session, RealmModel realm, UserModel user, List<AddressData> entries, String link,
                     long lifespanSeconds, boolean disable) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("apiKeyAddresses", entries.stream().map(AddressMail::describe).toList());
        attributes.put("apiKeyAddressLink", link);
        attributes.put("apiKeyAddressLinkMinutes", Math.max(1, lifespanSeconds / 60));
        attributes.put("apiKeyAddressDisable", disable);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(disable ? "apiKeyAddressDisableMailSubject" : "apiKeyAddressMailSubject",
                            new ArrayList<>(List.of(entries.size())), TEMPLATE, attributes);
        } catch (EmailException e) {
            LOG.warnf("The address-book confirmation mail to user %s could not be sent: %s", user.getId(), e.getMessage());
            session.getTransactionManager().setRollbackOnly();
            throw ApiKeyError.MAIL_NOT_SENT.exception("the confirmation e-mail could not be sent; nothing was changed, try again later");
        }
    }

    /** An entry as the templates show it: plain strings (FreeMarker does not read records). */
    public static Map<String, String> describe(AddressData entry) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("kind", entry.kind());
        shown.put("coin", entry.coin());
        shown.put("network", entry.network());
        shown.put("address", entry.address());
        shown.put("memo", entry.memo() == null ? "" : entry.memo());
        shown.put("remark", entry.remark());
        return shown;
    }
}
