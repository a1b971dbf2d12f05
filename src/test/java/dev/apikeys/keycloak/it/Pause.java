package dev.apikeys.keycloak.it;

import java.time.Duration;

/** A wait between polls of the server, for tests whose methods do not declare InterruptedException. */
final class Pause {

    private Pause() {
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
