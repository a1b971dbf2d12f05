package dev.apikeys.keycloak.keyuse;

import java.util.Map;

import dev.apikeys.keycloak.credential.KeyEvents;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The latest refusal of a key that only the holder of its secret can have caused (a scope the key lacks, expired, not
 * yet active, a disabled owner), kept beside the event store so that nothing anyone else sends can push it out of
 * the owner's view: the event store cannot be asked for one key's events, and an observer who knows key ids (public
 * by design) or the owner's username can fill the owner's newest events with forgeries or failed password logins.
 * It lives in Keycloak's replicated single-use store, like the last use, for {@value #LIFESPAN_DAYS} days, and is
 * written at most once a minute per key and reason.
 */
public final class HolderRefusal {

    static final int LIFESPAN_DAYS = 30;
    private static final long REWRITE_INTERVAL_MILLIS = 60_000;
    private static final String PREFIX = "api-keys.holder-refusal.";

    private HolderRefusal() {
    }

    static void note(SingleUseObjectProvider store, String keyId, Event refusal, KeyRefusal.Reason reason) {
        long now = Time.currentTimeMillis();
        KeyEvents.KeyEvent last = of(store, keyId);
        if (last != null && reason.eventError().equals(last.error()) && now - last.time() < REWRITE_INTERVAL_MILLIS) {
            return;
        }
        store.put(PREFIX + keyId, LIFESPAN_DAYS * 24L * 3600, Map.of("at", Long.toString(now),
                "type", StoredRefusals.errorType(refusal.getType()).name(),
                "client", refusal.getClientId() == null ? "" : refusal.getClientId(),
                "ip", refusal.getIpAddress() == null ? "" : refusal.getIpAddress(),
                "error", reason.eventError()));
    }

    /** @return the latest such refusal of the key, or null when there was none in the last {@value #LIFESPAN_DAYS} days */
    public static KeyEvents.KeyEvent of(SingleUseObjectProvider store, String keyId) {
        Map<String, String> notes = store.get(PREFIX + keyId);
        if (notes == null || notes.get("at") == null) {
            return null;
        }
        try {
            return new KeyEvents.KeyEvent(Long.parseLong(notes.get("at")), notes.get("type"), blankToNull(notes.get("client")),
                    blankToNull(notes.get("ip")), notes.get("error"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
