package dev.apikeys.keycloak.rest.selfservice;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.apikeys.keycloak.ip.IpRange;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.LabelText;

/**
 * The realm's policy as a user needs it before creating a key ({@link ApiKeyPolicy#keyRules()}, one JSON field per
 * policy field), the rules that follow from it which the console would otherwise copy, and whether the user can pass
 * the OTP step-up. Nothing here concerns another user.
 *
 * @param alwaysGranted    the scope every key holds
 * @param permissionLevels the scope sets the console offers as one choice each; empty when it offers single scopes
 * @param labelMaxLength   the longest label, in characters
 * @param minIpv4Prefix    the widest IPv4 range an allow-list may hold
 * @param minIpv6Prefix    the widest IPv6 range an allow-list may hold
 */
public record PolicyRepresentation(@JsonIgnore ApiKeyPolicy policy,
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
        return new PolicyRepresentation(policy, ApiKeyPolicy.READ, policy.permissionLevels(), LabelText.MAX_LENGTH,
                IpRange.MIN_IPV4_PREFIX, IpRange.MIN_IPV6_PREFIX, otpConfigured, keyCount);
    }

    /** The realm's policy attributes a user needs, one field each. */
    @JsonAnyGetter
    public Map<String, Object> keyRules() {
        return policy.keyRules();
    }
}
