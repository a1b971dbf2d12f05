package dev.apikeys.keycloak.stepup;

import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Bounds how many step-up codes a user may get wrong, whether or not the realm turned brute-force protection on.
 * Each attempt first claims one of {@code maxFailures} slots in Keycloak's replicated single-use store (cluster
 * wide) and only then is its code evaluated, so a parallel burst evaluates at most {@code maxFailures} codes; a
 * right code gives its slot back, a wrong one keeps it for {@code lockoutSeconds}. With every slot taken the
 * step-up is locked until the oldest failure expires. Nothing here touches the user's password login.
 */
final class StepUpLimiter {

    private static final String AT = "at";

    private final SingleUseObjectProvider store;
    private final String prefix;
    private final int maxFailures;
    private final long lockoutSeconds;

    StepUpLimiter(SingleUseObjectProvider store, String realmId, String userId, int maxFailures, long lockoutSeconds) {
        this.store = store;
        this.prefix = "api-keys.otp-attempt." + realmId + "." + userId + ".";
        this.maxFailures = maxFailures;
        this.lockoutSeconds = lockoutSeconds;
    }

    /** An attempt holding its slot; {@link #succeeded} gives it back. */
    record Attempt(String slot) {
    }

    /** @return the attempt, or null when every slot is taken (locked) */
    Attempt claim() {
        for (int n = 1; n <= maxFailures; n++) {
            String slot = prefix + n;
            if (store.putIfAbsent(slot, lockoutSeconds)) {
                store.put(slot + "." + AT, lockoutSeconds, Map.of(AT, Long.toString(Time.currentTime())));
                return new Attempt(slot);
            }
        }
        return null;
    }

    void succeeded(Attempt attempt) {
        store.remove(attempt.slot());
    }

    /** Seconds until the oldest failure stops counting, at least 1. */
    long retryAfterSeconds() {
        long now = Time.currentTime();
        long earliest = now + lockoutSeconds;
        for (int n = 1; n <= maxFailures; n++) {
            Map<String, String> notes = store.get(prefix + n + "." + AT);
            if (notes != null && notes.get(AT) != null) {
                try {
                    earliest = Math.min(earliest, Long.parseLong(notes.get(AT)) + lockoutSeconds);
                } catch (NumberFormatException ignored) {
                    // a foreign value: the full lockout is the honest upper bound
                }
            }
        }
        return Math.max(1, earliest - now);
    }
}
