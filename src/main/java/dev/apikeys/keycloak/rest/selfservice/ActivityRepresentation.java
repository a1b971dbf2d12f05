package dev.apikeys.keycloak.rest.selfservice;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.apikeys.keycloak.credential.KeyEvents;
import dev.apikeys.keycloak.keyuse.HolderRefusal;
import dev.apikeys.keycloak.keyuse.LastUse;

/**
 * A key's recent activity. {@code events} is empty when the realm does not store events; the last use (see
 * {@link LastUse}) is always there once the key has been used, and {@code holderRefusal} (see {@link HolderRefusal})
 * once the holder of its secret was refused, whether or not the realm stores events.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityRepresentation(Long lastUsedAt, String lastUsedIp, boolean eventsStored,
                                     List<KeyEvents.KeyEvent> events, KeyEvents.KeyEvent holderRefusal) {

    static ActivityRepresentation of(LastUse.Use lastUse, Optional<List<KeyEvents.KeyEvent>> events,
                                     KeyEvents.KeyEvent holderRefusal) {
        return new ActivityRepresentation(lastUse == null ? null : lastUse.at(), lastUse == null ? null : lastUse.ip(),
                events.isPresent(), events.orElse(List.of()), holderRefusal);
    }
}
