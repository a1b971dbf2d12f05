package dev.apikeys.keycloak.seam;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.authentication.actiontoken.DefaultActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/**
 * Links that confirm a change to a user's address book, made of Keycloak's own action tokens: signed with the realm's
 * keys, valid until their expiry, single use through Keycloak's single-use-object store (replicated in a cluster).
 * {@code DefaultActionToken} and {@code Urls} are classes of keycloak-services, hence this seam. The link opens the
 * extension's own page, not Keycloak's action-token endpoint: that endpoint acts on GET, and a mail scanner's GET
 * must not confirm anything.
 */
public final class ConfirmationLinks {

    /** The {@code typ} of the tokens, which Keycloak's bearer checks refuse everywhere else. */
    public static final String ACTION = "api-key-address-confirmation";

    private ConfirmationLinks() {
    }

    /** What a link asks for: the entries to confirm, or to turn address management off. */
    public record Request(String userId, String email, String operation, List<String> entryIds, long bookVersion) {
    }

    /** A link's token as read back: {@code request} is null unless the token is valid. */
    public record Verified(Status status, Request request, String singleUseKey, long expiresAt) {
    }

    public enum Status { VALID, EXPIRED, INVALID }

    /** The absolute link for the request, valid for {@code lifespanSeconds}. */
    public static String issue(KeycloakSession session, RealmModel realm, Request request, long lifespanSeconds,
                               String path) {
        Token token = new Token(request, (int) (Time.currentTime() + lifespanSeconds));
        URI base = session.getContext().getUri().getBaseUri();
        String serialized = token.serialize(session, realm, session.getContext().getUri());
        return Urls.realmBase(base).path(realm.getName()).path(path).queryParam("key", serialized).build().toString();
    }

    /** Checks signature, issuer, type and expiry; does not consume the token. */
    public static Verified verify(KeycloakSession session, RealmModel realm, String serialized) {
        if (serialized == null || serialized.isEmpty() || serialized.length() > 8192) {
            return new Verified(Status.INVALID, null, null, 0);
        }
        Token token = session.tokens().decode(serialized, Token.class);
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        if (token == null || !ACTION.equals(token.getActionId()) || !issuer.equals(token.getIssuer())
                || token.getActionVerificationNonce() == null || token.getExp() == null || token.getUserId() == null) {
            return new Verified(Status.INVALID, null, null, 0);
        }
        if (token.getExp() <= Time.currentTime()) {
            return new Verified(Status.EXPIRED, null, null, token.getExp());
        }
        return new Verified(Status.VALID, new Request(token.getUserId(), token.getEmail(), token.operation,
                token.entryIds == null ? List.of() : List.copyOf(token.entryIds), token.bookVersion == null ? 0 : token.bookVersion),
                token.serializeKey(), token.getExp());
    }

    /**
     * Marks a verified token used, cluster-wide; false when it was used already. Should the request's transaction
     * roll back, the mark is taken away again, so that a change that was not saved does not use up its link.
     */
    public static boolean use(KeycloakSession session, Verified verified) {
        long lifespan = Math.max(1, verified.expiresAt() - Time.currentTime());
        if (!session.singleUseObjects().putIfAbsent(verified.singleUseKey(), lifespan)) {
            return false;
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
            }

            @Override
            protected void rollbackImpl() {
                session.singleUseObjects().remove(verified.singleUseKey());
            }
        });
        return true;
    }

    /** Whether a verified token has been used already (it is not consumed by asking). */
    public static boolean used(KeycloakSession session, Verified verified) {
        return session.singleUseObjects().contains(verified.singleUseKey());
    }

    /** The action token; public with a no-argument constructor for Keycloak's JSON reader. */
    public static final class Token extends DefaultActionToken {

        @JsonProperty("op")
        private String operation;
        @JsonProperty("ids")
        private List<String> entryIds;
        @JsonProperty("ver")
        private Long bookVersion;

        public Token() {
        }

        Token(Request request, int expiresAt) {
            super(request.userId(), ACTION, expiresAt, UUID.randomUUID());
            setEmail(request.email());
            this.operation = request.operation();
            this.entryIds = request.entryIds();
            this.bookVersion = request.bookVersion();
        }
    }
}
