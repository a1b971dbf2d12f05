package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

final class OtpDeviceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:10Z");

    @Test
    void handsOutEachCodeOfTheWindowOnceAndThenRefuses() {
        String secret = Totp.randomSecret();
        OtpDevice device = new OtpDevice(secret, Clock.fixed(NOW, ZoneOffset.UTC));
        long now = Totp.step(NOW);
        Set<String> window = new HashSet<>();
        LongStream.rangeClosed(now - OtpDevice.WINDOW_STEPS, now + OtpDevice.WINDOW_STEPS)
                .forEach(step -> window.add(Totp.code(secret, step)));

        Set<String> handedOut = new HashSet<>();
        for (int i = 0; i < window.size(); i++) {
            handedOut.add(device.nextCode());
        }

        assertEquals(window, handedOut);
        assertThrows(IllegalStateException.class, device::nextCode);
    }

    @Test
    void startsWithTheCurrentStep() {
        String secret = Totp.randomSecret();
        OtpDevice device = new OtpDevice(secret, Clock.fixed(NOW, ZoneOffset.UTC));

        assertEquals(Totp.code(secret, Totp.step(NOW)), device.nextCode());
    }
}
