package dev.apikeys.keycloak.rest.selfservice;

import java.util.List;

import dev.apikeys.keycloak.ip.IpRange;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.LabelText;

/**
 * The realm's policy as a user needs it before creating a key, and whether the user can pass the OTP step-up. The
 * console takes its rules from here rather than from copies: the scope every key holds ({@code alwaysGranted}) and
 * the widest IP ranges an allow-list may hold ({@code minIpv4Prefix}, {@code minIpv6Prefix}).
 */
public record PolicyRepresentation(List<String> scopes,
                                   String alwaysGranted,
                                   List<String> ipRequiredScopes,
                                   int maxKeysPerUser,
                                   int maxIpsPerKey,
                                   int labelMaxLength,
                                   String labelPattern,
                                   int minIpv4Prefix,
                                   int minIpv6Prefix,
                                   long unboundLifetimeSeconds,
                                   long ipBoundLifetimeSeconds,
                                   long activationDelaySeconds,
                                   boolean otpRequired,
                                   int otpMaxFailures,
                                   long otpLockoutSeconds,
                                   boolean otpConfigured,
                                   int keyCount) {

    static PolicyRepresentation of(ApiKeyPolicy policy, boolean otpConfigured, int keyCount) {
        return new PolicyRepresentation(policy.scopes(), ApiKeyPolicy.READ, policy.ipRequiredScopes(),
                policy.maxKeysPerUser(), policy.maxIpsPerKey(), LabelText.MAX_LENGTH, policy.labelPattern(),
                IpRange.MIN_IPV4_PREFIX, IpRange.MIN_IPV6_PREFIX,
                policy.unboundLifetimeSeconds(), policy.ipBoundLifetimeSeconds(), policy.activationDelaySeconds(),
                policy.otpRequired(), policy.otpMaxFailures(), policy.otpLockoutSeconds(), otpConfigured, keyCount);
    }
}
