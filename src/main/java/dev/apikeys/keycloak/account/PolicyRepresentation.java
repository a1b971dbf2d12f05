package dev.apikeys.keycloak.account;

import java.util.List;

import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.LabelText;

/** The realm's policy as a user needs it before creating a key, and whether the user can pass the OTP step-up. */
public record PolicyRepresentation(List<String> scopes,
                                   List<String> ipRequiredScopes,
                                   int maxKeysPerUser,
                                   int maxIpsPerKey,
                                   int labelMaxLength,
                                   String labelPattern,
                                   long unboundLifetimeSeconds,
                                   long ipBoundLifetimeSeconds,
                                   long activationDelaySeconds,
                                   boolean otpRequired,
                                   int otpMaxFailures,
                                   long otpLockoutSeconds,
                                   boolean otpConfigured,
                                   int keyCount) {

    static PolicyRepresentation of(ApiKeyPolicy policy, boolean otpConfigured, int keyCount) {
        return new PolicyRepresentation(policy.scopes(), policy.ipRequiredScopes(), policy.maxKeysPerUser(),
                policy.maxIpsPerKey(), LabelText.MAX_LENGTH, policy.labelPattern(),
                policy.unboundLifetimeSeconds(), policy.ipBoundLifetimeSeconds(), policy.activationDelaySeconds(),
                policy.otpRequired(), policy.otpMaxFailures(), policy.otpLockoutSeconds(), otpConfigured, keyCount);
    }
}
