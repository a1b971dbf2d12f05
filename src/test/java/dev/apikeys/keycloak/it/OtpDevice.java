package dev.apikeys.keycloak.it;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

public final class OtpDevice {

    /** The fixture realms accept steps now-10..now+10; staying two steps inside survives a step rollover. */
    static final int WINDOW_STEPS = 8;

    private final String secret;
    private final Clock clock;
    private final Set<Long> usedSteps = new HashSet<>();
    private final Set<String> usedCodes = new HashSet<>();

    public OtpDevice(String base32Secret) {
        this(base32Secret, Clock.systemUTC());
    }

    OtpDevice(String base32Secret, Clock clock) {
        this.secret = base32Secret;
        this.clock = clock;
    }

    public String secret() {
        return secret;
    }

    public synchronized String nextCode() {
        long now = Totp.step(clock.instant());
        for (int distance = 0; distance <= WINDOW_STEPS; distance++) {
            for (long step : new long[] {now - distance, now + distance}) {
                if (usedSteps.add(step)) {
                    String code = Totp.code(secret, step);
                    if (usedCodes.add(code)) {
                        RunGuard.record(RunGuard.Kind.OTP_CODE, code);
                        return code;
                    }
                }
            }
        }
        throw new IllegalStateException("Every TOTP code within " + WINDOW_STEPS
                + " steps of now has been handed out already; a test needing more codes must create another user");
    }
}
