package dev.apikeys.keycloak.rest.selfservice;

import java.util.List;

import dev.apikeys.keycloak.ip.IpRange;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.LabelText;

/**
 * The realm's policy as a user needs it before creating a key, the rules that follow from it which the console would
 * otherwise copy, and whether the user can pass the OTP step-up. Nothing here concerns another user.
 *
 * @param alwaysGranted    the scope every key holds
 * @param permissionLevels the scope sets the console offers as one choice each; empty when it offers single scopes
 * @param labelMaxLength   the longest label, in characters
 * @param minIpv4Prefix    the widest IPv4 range an allow-list may hold
 * @param minIpv6Prefix    the widest IPv6 range an allow-list may hold
 */
public record PolicyRepresentation(
        // The realm's policy attributes.
        List<String> scopes,
        List<String> ipRequiredScopes,
        int maxKeysPerUser,
        int maxIpsPerKey,
        String labelPattern,
        long unboundLifetimeSeconds,
        long ipBoundLifetimeSeconds,
        long activationDelaySeconds,
        boolean otpRequired,
        int otpMaxFailures,
        long otpLockoutSeconds,
        // Rules that follow from the policy or hold in every realm.
        String alwaysGranted,
        List<List<String>> permissionLevels,
        int labelMaxLength,
        int minIpv4Prefix,
        int minIpv6Prefix,
        // The caller's own state.
        boolean otpConfigured,
        int keyCount) {

    static PolicyRepresentation of(ApiKeyPolicy policy, boolean otpConfigured, int keyCount) {
        return new PolicyRepresentation(
                policy.scopes(), policy.ipRequiredScopes(), policy.maxKeysPerUser(), policy.maxIpsPerKey(),
                policy.labelPattern(), policy.unboundLifetimeSeconds(), policy.ipBoundLifetimeSeconds(),
                policy.activationDelaySeconds(), policy.otpRequired(), policy.otpMaxFailures(), policy.otpLockoutSeconds(),
                ApiKeyPolicy.READ, policy.permissionLevels(), LabelText.MAX_LENGTH,
                IpRange.MIN_IPV4_PREFIX, IpRange.MIN_IPV6_PREFIX,
                otpConfigured, keyCount);
    }
}
