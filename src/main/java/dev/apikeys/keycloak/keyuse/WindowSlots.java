package dev.apikeys.keycloak.keyuse;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A bounded count in Keycloak's replicated single-use store, which has no atomic increment: the n-th claim takes
 * the entry "n" with putIfAbsent, so every node sees the same count. Once all slots are taken a marker says so, and
 * later claims cost one lookup instead of trying every slot.
 */
final class WindowSlots {

    private final SingleUseObjectProvider store;
    private final String prefix;
    private final int slots;
    private final long lifespanSeconds;

    /** @param prefix names the count and its window; entries live {@code lifespanSeconds} */
    WindowSlots(SingleUseObjectProvider store, String prefix, int slots, long lifespanSeconds) {
        this.store = store;
        this.prefix = prefix;
        this.slots = slots;
        this.lifespanSeconds = lifespanSeconds;
    }

    enum Claim {
        TAKEN,
        /** no slot was free, and this claim was the first to find so */
        FILLED,
        FULL
    }

    Claim claim() {
        if (store.contains(prefix + "full")) {
            return Claim.FULL;
        }
        for (int n = 1; n <= slots; n++) {
            if (store.putIfAbsent(prefix + n, lifespanSeconds)) {
                return Claim.TAKEN;
            }
        }
        return store.putIfAbsent(prefix + "full", lifespanSeconds) ? Claim.FILLED : Claim.FULL;
    }

    boolean allTaken() {
        return store.contains(prefix + slots);
    }
}
