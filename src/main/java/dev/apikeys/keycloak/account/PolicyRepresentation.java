package dev.apikeys.keycloak.account;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.apikeys.keycloak.ip.IpRange;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.LabelText;

/**
 * The realm's policy as a user needs it before creating a key ({@link ApiKeyPolicy#keyRules()}, one JSON field per
 * policy field), and whether the user can pass the OTP step-up. The console takes its rules from here rather than from
 * copies: the scope every key holds ({@code alwaysGranted}) and the widest IP ranges an allow-list may hold
 * ({@code minIpv4Prefix}, {@code minIpv6Prefix}).
 */
public record PolicyRepresentation(@JsonIgnore ApiKeyPolicy policy,
                                   String alwaysGranted,
                                   int labelMaxLength,
                                   int minIpv4Prefix,
                                   int minIpv6Prefix,
                                   boolean otpConfigured,
                                   int keyCount) {

    static PolicyRepresentation of(ApiKeyPolicy policy, boolean otpConfigured, int keyCount) {
        return new PolicyRepresentation(policy, ApiKeyPolicy.READ, LabelText.MAX_LENGTH, IpRange.MIN_IPV4_PREFIX,
                IpRange.MIN_IPV6_PREFIX, otpConfigured, keyCount);
    }

    @JsonAnyGetter
    public Map<String, Object> keyRules() {
        return policy.keyRules();
    }
}
