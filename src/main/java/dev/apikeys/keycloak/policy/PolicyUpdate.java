package dev.apikeys.keycloak.policy;

import java.util.List;

/**
 * An administrator's change to the policy: fields left null keep their current value.
 * An empty {@code labelPattern} removes the rule.
 */
public record PolicyUpdate(List<String> scopes,
                           List<String> ipRequiredScopes,
                           Integer maxKeysPerUser,
                           Integer maxIpsPerKey,
                           String labelPattern,
                           Long unboundLifetimeSeconds,
                           Long ipBoundLifetimeSeconds,
                           Long activationDelaySeconds,
                           Boolean otpRequired,
                           Integer otpMaxFailures,
                           Long otpLockoutSeconds,
                           AddressBookPolicy.Update addressBook,
                           GatewayPolicy.Update gateway) {

    public PolicyUpdate(List<String> scopes, List<String> ipRequiredScopes, Integer maxKeysPerUser, Integer maxIpsPerKey,
                        String labelPattern, Long unboundLifetimeSeconds, Long ipBoundLifetimeSeconds,
                        Long activationDelaySeconds, Boolean otpRequired, Integer otpMaxFailures, Long otpLockoutSeconds) {
        this(scopes, ipRequiredScopes, maxKeysPerUser, maxIpsPerKey, labelPattern, unboundLifetimeSeconds,
                ipBoundLifetimeSeconds, activationDelaySeconds, otpRequired, otpMaxFailures, otpLockoutSeconds, null, null);
    }

    public PolicyUpdate(List<String> scopes, List<String> ipRequiredScopes, Integer maxKeysPerUser, Integer maxIpsPerKey,
                        String labelPattern, Long unboundLifetimeSeconds, Long ipBoundLifetimeSeconds,
                        Long activationDelaySeconds, Boolean otpRequired, Integer otpMaxFailures, Long otpLockoutSeconds,
                        AddressBookPolicy.Update addressBook) {
        this(scopes, ipRequiredScopes, maxKeysPerUser, maxIpsPerKey, labelPattern, unboundLifetimeSeconds,
                ipBoundLifetimeSeconds, activationDelaySeconds, otpRequired, otpMaxFailures, otpLockoutSeconds, addressBook, null);
    }

    public ApiKeyPolicy applyTo(ApiKeyPolicy current) {
        return new ApiKeyPolicy(
                scopes != null ? scopes : current.scopes(),
                ipRequiredScopes != null ? ipRequiredScopes : current.ipRequiredScopes(),
                maxKeysPerUser != null ? maxKeysPerUser : current.maxKeysPerUser(),
                maxIpsPerKey != null ? maxIpsPerKey : current.maxIpsPerKey(),
                labelPattern != null ? labelPattern : current.labelPattern(),
                unboundLifetimeSeconds != null ? unboundLifetimeSeconds : current.unboundLifetimeSeconds(),
                ipBoundLifetimeSeconds != null ? ipBoundLifetimeSeconds : current.ipBoundLifetimeSeconds(),
                activationDelaySeconds != null ? activationDelaySeconds : current.activationDelaySeconds(),
                otpRequired != null ? otpRequired : current.otpRequired(),
                otpMaxFailures != null ? otpMaxFailures : current.otpMaxFailures(),
                otpLockoutSeconds != null ? otpLockoutSeconds : current.otpLockoutSeconds(),
                addressBook != null ? addressBook.applyTo(current.addressBook()) : current.addressBook(),
                gateway != null ? gateway.applyTo(current.gateway()) : current.gateway()).validate();
    }
}
