package dev.apikeys.keycloak.credential;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** A key's recent uses and changes, as Keycloak's event store recorded them. */
public final class KeyEvents {

    private static final int MAX_EVENTS = 50;
    /** Events of the user scanned for this key: the store cannot filter on a detail. */
    private static final int SCAN_LIMIT = 1000;
    private static final EventType[] KEY_EVENTS = {EventType.TOKEN_EXCHANGE, EventType.TOKEN_EXCHANGE_ERROR,
            EventType.LOGIN, EventType.LOGIN_ERROR, EventType.INTROSPECT_TOKEN, EventType.INTROSPECT_TOKEN_ERROR,
            EventType.UPDATE_CREDENTIAL, EventType.REMOVE_CREDENTIAL};

    private KeyEvents() {
    }

    /** One event, newest first in {@link #recent}; {@code error} only on refusals. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyEvent(long time, String type, String clientId, String ipAddress, String error) {
    }

    /** @return empty when the realm does not store events; else the key's latest events, newest first */
    public static Optional<List<KeyEvent>> recent(KeycloakSession session, RealmModel realm, UserModel user, String keyId) {
        if (!realm.isEventsEnabled()) {
            return Optional.empty();
        }
        return Optional.of(session.getProvider(EventStoreProvider.class).createQuery()
                .realm(realm.getId())
                .user(user.getId())
                .type(KEY_EVENTS)
                .orderByDescTime()
                .maxResults(SCAN_LIMIT)
                .getResultStream()
                .filter(event -> concerns(event, keyId))
                .limit(MAX_EVENTS)
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
