package dev.apikeys.keycloak.credential;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A key's recent uses, changes and refusals, as Keycloak's event store recorded them. The store cannot filter on a
 * detail, so each kind is read by its own event types from the owner's newest {@value #SCAN_LIMIT} events of those
 * types: uses of the owner's other keys never push out this key's changes, and refusals (of which the store keeps
 * only a bounded sample, see StoredRefusals) never push out uses or changes. Refused key logins are read apart from
 * refused exchanges and gateway checks, because their type ({@code LOGIN_ERROR}) is also what Keycloak records for
 * the owner's failed password logins, which anyone who knows the username can cause.
 */
public final class KeyEvents {

    /** The event detail that names what a change did to a key or an address entry (create, update, confirm, ...). */
    public static final String ACTION_DETAIL = "api_key_action";

    private static final int MAX_EVENTS = 50;
    private static final int SCAN_LIMIT = 1000;
    private static final List<EventType[]> KINDS = List.of(
            new EventType[] {EventType.TOKEN_EXCHANGE, EventType.LOGIN, EventType.INTROSPECT_TOKEN},
            new EventType[] {EventType.UPDATE_CREDENTIAL, EventType.REMOVE_CREDENTIAL},
            new EventType[] {EventType.TOKEN_EXCHANGE_ERROR, EventType.INTROSPECT_TOKEN_ERROR},
            new EventType[] {EventType.LOGIN_ERROR});

    private KeyEvents() {
    }

    /** One event, newest first in {@link #recent}; {@code error} only on refusals. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyEvent(long time, String type, String clientId, String ipAddress, String error) {
    }

    /**
     * @return empty when the realm does not store events; else the key's latest uses, changes and refusals (up to
     *         {@value #MAX_EVENTS} of each), newest first
     */
    public static Optional<List<KeyEvent>> recent(KeycloakSession session, RealmModel realm, UserModel user, String keyId) {
        if (!realm.isEventsEnabled()) {
            return Optional.empty();
        }
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        return Optional.of(KINDS.stream()
                .flatMap(types -> store.createQuery()
                        .realm(realm.getId())
                        .user(user.getId())
                        .type(types)
                        .orderByDescTime()
                        .maxResults(SCAN_LIMIT)
                        .getResultStream()
                        .filter(event -> concerns(event, keyId))
                        .limit(MAX_EVENTS))
                .sorted(Comparator.comparingLong(Event::getTime).reversed())
                .map(event -> new KeyEvent(event.getTime(), event.getType().name(), event.getClientId(),
                        event.getIpAddress(), event.getError()))
                .toList());
    }

    private static boolean concerns(Event event, String keyId) {
        if (event.getDetails() == null) {
            return false;
        }
        return keyId.equals(event.getDetails().get(ApiKeyCredentialModel.TOKEN_CLAIM))
                || keyId.equals(event.getDetails().get("credential_id"));
    }
}
