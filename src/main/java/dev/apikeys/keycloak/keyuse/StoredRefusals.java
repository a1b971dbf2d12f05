package dev.apikeys.keycloak.keyuse;

import java.util.Set;
import java.util.stream.Collectors;

import dev.apikeys.keycloak.ip.ClientAddress;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Which refusals the realm's event store keeps, where it keeps them at all (Keycloak stores token-exchange and
 * login errors by default, not introspection errors). Every refusal reaches the event listeners, so Keycloak's event
 * metrics and any log or SIEM listener count them all. The store keeps the first refusal of each reason and source
 * (IPv6 per /64) per key and minute; of refusals anyone can cause without the secret (a wrong or unknown secret, an
 * address outside the allow-list, throttling), at most {@value #MAX_PER_REASON} sources a minute per key and reason,
 * so that one reason's flood neither grows the store nor crowds out another's. Refusals that only the secret's holder
 * can cause (a scope the key lacks, an expired or not yet active key, a disabled owner) are never crowded out. A
 * refusal is counted against a key only once the key was found; one whose secret names no existing key (junk, a
 * forged key id or user id) is counted per client, so a caller inventing key ids writes a bounded number of rows.
 */
final class StoredRefusals {

    static final int WINDOW_SECONDS = 60;
    static final int MAX_PER_REASON = 10;
    private static final String PREFIX = "api-keys.refusals.";

    private StoredRefusals() {
    }

    /**
     * @param keyId  the key the refusal concerns, when it exists; null otherwise
     * @param source the source the caller's address is accounted to ({@link ClientAddress#source})
     * @return whether the store should keep this refusal; {@code event} carries its type and client
     */
    static boolean keep(SingleUseObjectProvider store, RealmModel realm, Event event, String keyId, KeyRefusal.Reason reason,
                        String source) {
        if (!isStored(realm, errorType(event.getType()))) {
            return true;
        }
        String subject = keyId != null ? "key." + keyId : "client." + realm.getId() + "." + event.getClientId();
        String window = PREFIX + subject + "." + Time.currentTime() / WINDOW_SECONDS + "." + reason.eventError() + ".";
        long lifespan = 2L * WINDOW_SECONDS;
        if (!store.putIfAbsent(window + source, lifespan)) {
            return false;
        }
        return reason.secretProven()
                || new WindowSlots(store, window + "stored.", MAX_PER_REASON, lifespan).claim() == WindowSlots.Claim.TAKEN;
    }

    /** As Keycloak's EventBuilder decides it. */
    private static boolean isStored(RealmModel realm, EventType type) {
        if (!realm.isEventsEnabled()) {
            return false;
        }
        Set<String> enabled = realm.getEnabledEventTypesStream().collect(Collectors.toSet());
        return enabled.isEmpty() ? type.isSaveByDefault() : enabled.contains(type.name());
    }

    static EventType errorType(EventType type) {
        return type.name().endsWith("_ERROR") ? type : EventType.valueOf(type.name() + "_ERROR");
    }
}
