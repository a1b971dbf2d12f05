package dev.apikeys.keycloak.it;

import java.util.Optional;

public record TestUser(String realm, String id, String username, String password, Optional<OtpDevice> otp) {

    public OtpDevice otpDevice() {
        return otp.orElseThrow(() -> new IllegalStateException(username + " has no OTP credential"));
    }
}
