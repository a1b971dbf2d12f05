package dev.apikeys.keycloak.keyuse;

import java.util.Set;
import java.util.stream.Collectors;

import dev.apikeys.keycloak.ip.IpRange;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Which refusals the realm's event store keeps, where it keeps them at all (Keycloak stores token-exchange and
 * login errors by default, not introspection errors). Every refusal reaches the event listeners, so Keycloak's event
 * metrics and any log or SIEM listener count them all; the store keeps the first refusal of each reason and source
 * (IPv6 per /64) per key and minute, at most {@value #MAX_PER_WINDOW} a minute per key. Refusals that name no key
 * (malformed or missing secrets) are counted the same way per client. So a caller sending junk or forged secrets
 * writes a bounded number of rows, and cannot push the owner's own events out of what the key's activity shows.
 */
final class StoredRefusals {

    static final int WINDOW_SECONDS = 60;
    static final int MAX_PER_WINDOW = 10;
    private static final String PREFIX = "api-keys.refusals.";

    private StoredRefusals() {
    }

    /** @return whether the store should keep this refusal; {@code event} carries its type, client and address */
    static boolean keep(SingleUseObjectProvider store, RealmModel realm, Event event, String keyId, String reason) {
        if (!isStored(realm, errorType(event.getType()))) {
            return true;
        }
        String subject = keyId != null ? "key." + keyId : "client." + realm.getId() + "." + event.getClientId();
        String window = PREFIX + subject + "." + Time.currentTime() / WINDOW_SECONDS + ".";
        long lifespan = 2L * WINDOW_SECONDS;
        if (!store.putIfAbsent(window + reason + "." + IpRange.source(event.getIpAddress()), lifespan)) {
            return false;
        }
        return new WindowSlots(store, window + "stored.", MAX_PER_WINDOW, lifespan).claim() == WindowSlots.Claim.TAKEN;
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
