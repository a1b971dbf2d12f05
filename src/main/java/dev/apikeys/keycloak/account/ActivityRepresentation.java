package dev.apikeys.keycloak.account;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.credential.LastUse;
import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A key's recent activity. {@code events} is empty when the realm does not store events; the last use (see
 * {@link LastUse}) is always there once the key has been used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityRepresentation(Long lastUsedAt, String lastUsedIp, boolean eventsStored, List<Entry> events) {

    static final int MAX_EVENTS = 50;
    /** Events of the user scanned for this key: the store cannot filter on a detail. */
    private static final int SCAN_LIMIT = 1000;
    private static final EventType[] KEY_USES = {EventType.TOKEN_EXCHANGE, EventType.TOKEN_EXCHANGE_ERROR,
            EventType.LOGIN, EventType.LOGIN_ERROR, EventType.UPDATE_CREDENTIAL, EventType.REMOVE_CREDENTIAL};

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(long time, String type, String clientId, String ipAddress, String error) {
    }

    static ActivityRepresentation of(KeycloakSession session, RealmModel realm, UserModel user, ApiKeyCredentialModel key) {
        LastUse.Use lastUse = LastUse.of(session, key);
        Long lastUsedAt = lastUse == null ? null : lastUse.at();
        String lastUsedIp = lastUse == null ? null : lastUse.ip();
        if (!realm.isEventsEnabled()) {
            return new ActivityRepresentation(lastUsedAt, lastUsedIp, false, List.of());
        }
        List<Entry> events = session.getProvider(EventStoreProvider.class).createQuery()
                .realm(realm.getId())
                .user(user.getId())
                .type(KEY_USES)
                .orderByDescTime()
                .maxResults(SCAN_LIMIT)
                .getResultStream()
                .filter(event -> concerns(event, key.getId()))
                .limit(MAX_EVENTS)
                .map(event -> new Entry(event.getTime(), event.getType().name(), event.getClientId(),
                        event.getIpAddress(), event.getError()))
                .toList();
        return new ActivityRepresentation(lastUsedAt, lastUsedIp, true, events);
    }

    private static boolean concerns(Event event, String keyId) {
        if (event.getDetails() == null) {
            return false;
        }
        return keyId.equals(event.getDetails().get(ApiKeyCredentialModel.TOKEN_CLAIM))
                || keyId.equals(event.getDetails().get("credential_id"));
    }
}
