package dev.apikeys.keycloak.keyuse;

import dev.apikeys.keycloak.ip.ClientAddress;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Counts wrong secrets per key and source address (IPv6 per /64) in fixed one-minute windows, in Keycloak's
 * replicated single-use store so that every node sees the same count (see {@link WindowSlots}). Wrong secrets from
 * one address therefore never refuse the right secret from another: only someone at the owner's address can slow
 * the owner down.
 *
 * <p>The source is throttled once its last slot is taken. At most {@value #MAX_SOURCES} sources are tracked per
 * key and window (each claims a slot), so rotating addresses cannot grow the store without bound; failures from
 * further sources in that window are refused like any wrong secret but not counted. The 256 random bits of a
 * secret, not this count, are what makes guessing hopeless; the count keeps a single source from hammering a key.
 */
final class FailureThrottle {

    static final int MAX_FAILURES = 10;
    static final int WINDOW_SECONDS = 60;
    static final int MAX_SOURCES = 64;
    private static final Logger LOG = Logger.getLogger(FailureThrottle.class);
    private static final String PREFIX = "api-keys.failures.";

    private final SingleUseObjectProvider store;

    FailureThrottle(SingleUseObjectProvider store) {
        this.store = store;
    }

    /**
     * A caller whose address is unknown (a gateway that does not say it) is never throttled: all such callers would
     * share one count, and anyone who knows a key's id could then refuse the key to everybody behind that gateway.
     */
    boolean isThrottled(String keyId, ClientAddress clientAddress) {
        return clientAddress.isLiteral() && failures(keyId, window(), clientAddress.source()).allTaken();
    }

    void recordFailure(String keyId, ClientAddress clientAddress) {
        if (!clientAddress.isLiteral()) {
            return;
        }
        String source = clientAddress.source();
        long window = window();
        if (!store.contains(PREFIX + keyId + "." + window + "." + source + ".1") && !trackSource(keyId, window)) {
            return;
        }
        failures(keyId, window, source).claim();
    }

    private WindowSlots failures(String keyId, long window, String source) {
        return new WindowSlots(store, PREFIX + keyId + "." + window + "." + source + ".", MAX_FAILURES, 2L * WINDOW_SECONDS);
    }

    /** Claims one of the key's source slots for this window; false once all are taken. */
    private boolean trackSource(String keyId, long window) {
        WindowSlots.Claim claim = new WindowSlots(store, PREFIX + keyId + "." + window + ".source.", MAX_SOURCES,
                2L * WINDOW_SECONDS).claim();
        if (claim == WindowSlots.Claim.FILLED) {
            LOG.warnf("wrong secrets for API key %s came from more than %d sources within a minute", keyId, MAX_SOURCES);
        }
        return claim == WindowSlots.Claim.TAKEN;
    }

    private static long window() {
        return Time.currentTime() / WINDOW_SECONDS;
    }
}
