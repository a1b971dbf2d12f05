package dev.apikeys.keycloak.it;

import java.time.Duration;

/** A wait between polls of the server, for tests whose methods do not declare InterruptedException. */
final class Pause {

    private Pause() {
    }

    /** The key throttle counts in fixed one-minute windows: start a burst where it cannot straddle two of them. */
    static void untilThrottleWindowHasRoom() {
        long secondOfWindow = System.currentTimeMillis() / 1000 % 60;
        if (secondOfWindow > 40) {
            of(Duration.ofSeconds(61 - secondOfWindow));
        }
    }

    static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
