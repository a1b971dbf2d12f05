package dev.apikeys.keycloak.exchange;

import org.keycloak.common.util.Time;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Counts wrong secrets per key in fixed one-minute windows, in Keycloak's replicated single-use store so that
 * every node sees the same count. The store has no atomic increment, so the n-th failure of a window claims
 * the entry "n" with putIfAbsent; the key is throttled once the last entry is taken. The user's own login is
 * never touched: this is not Keycloak's brute-force protector.
 */
final class FailureThrottle {

    static final int MAX_FAILURES = 10;
    static final int WINDOW_SECONDS = 60;

    private final SingleUseObjectProvider store;

    FailureThrottle(SingleUseObjectProvider store) {
        this.store = store;
    }

    boolean isThrottled(String keyId) {
        return store.contains(entry(keyId, window(), MAX_FAILURES));
    }

    void recordFailure(String keyId) {
        long window = window();
        for (int n = 1; n <= MAX_FAILURES; n++) {
            if (store.putIfAbsent(entry(keyId, window, n), 2L * WINDOW_SECONDS)) {
                return;
            }
        }
    }

    private static long window() {
        return Time.currentTime() / WINDOW_SECONDS;
    }

    private static String entry(String keyId, long window, int n) {
        return "api-keys.failures." + keyId + "." + window + "." + n;
    }
}
