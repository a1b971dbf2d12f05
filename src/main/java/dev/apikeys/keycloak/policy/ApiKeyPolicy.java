package dev.apikeys.keycloak.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.ip.IpAllowList;

/**
 * A realm's API-key policy and every rule that follows from it. Each entry point (self-service, admin,
 * token exchange) asks this class; no rule is repeated elsewhere.
 * <p>
 * Each component is one field of the policy, declared only here: its JSON name in the admin API, its realm attribute
 * ({@code apiKeys.} and the name) and its bounds ({@link Range}) follow from the component, its default from
 * {@link #DEFAULT} (see {@link PolicyFields}). A new field is a component, its default and its README row.
 *
 * @param scopes                 permissions a key may hold; {@value #READ} is always granted
 * @param ipRequiredScopes       permissions only IP-bound keys may hold
 * @param maxKeysPerUser         keys a user may hold at once
 * @param maxIpsPerKey           entries in one key's IP allow-list
 * @param labelPattern           extra regular expression a whole label must match, or null
 * @param unboundLifetimeSeconds lifetime of keys without an IP allow-list; 0 means they never expire
 * @param ipBoundLifetimeSeconds lifetime of keys with an IP allow-list; 0 means they never expire
 * @param activationDelaySeconds how long a new key waits before it can be used
 * @param otpRequired            whether every change needs the user's current OTP code
 * @param otpMaxFailures         wrong step-up codes a user may send before the step-up locks
 * @param otpLockoutSeconds      how long a failure counts, and so the longest a locked step-up stays locked
 * @param addressBook            the rules of withdrawal address books
 * @param gateway                the rules of gateways that check keys
 */
public record ApiKeyPolicy(List<String> scopes,
                           List<String> ipRequiredScopes,
                           @Range(min = 1, max = 1000) int maxKeysPerUser,
                           @Range(min = 1, max = 1000) int maxIpsPerKey,
                           String labelPattern,
                           @Range(min = 0, max = MAX_LIFETIME_SECONDS) long unboundLifetimeSeconds,
                           @Range(min = 0, max = MAX_LIFETIME_SECONDS) long ipBoundLifetimeSeconds,
                           @Range(min = 0, max = 7L * 24 * 3600) long activationDelaySeconds,
                           boolean otpRequired,
                           @Range(min = 1, max = 100) int otpMaxFailures,
                           @Range(min = 60, max = 24L * 3600) long otpLockoutSeconds,
                           AddressBookPolicy addressBook,
                           GatewayPolicy gateway) {

    public static final String READ = "read";

    static final long MAX_LIFETIME_SECONDS = 10L * 366 * 24 * 3600;
    private static final int LABEL_PATTERN_MAX_LENGTH = 256;
    private static final Pattern SCOPE_NAME = Pattern.compile("[a-z][a-z0-9_.:-]{0,63}");

    public static final ApiKeyPolicy DEFAULT = new ApiKeyPolicy(
            List.of(READ, "trade", "withdraw"),
            List.of("withdraw"),
            50,
            50,
            null,
            90L * 24 * 3600,
            365L * 24 * 3600,
            0,
            true,
            5,
            900,
            AddressBookPolicy.DEFAULT,
            GatewayPolicy.DEFAULT);

    public ApiKeyPolicy {
        addressBook = addressBook == null ? AddressBookPolicy.DEFAULT : addressBook;
        gateway = gateway == null ? GatewayPolicy.DEFAULT : gateway;
        scopes = Collections.unmodifiableList(new ArrayList<>(scopes));
        ipRequiredScopes = Collections.unmodifiableList(new ArrayList<>(ipRequiredScopes));
        labelPattern = labelPattern == null || labelPattern.isEmpty() ? null : labelPattern;
    }

    /**
     * Checks that this policy is coherent.
     *
     * @throws dev.apikeys.keycloak.error.ApiKeyException {@code policy_invalid} naming the first problem
     */
    public ApiKeyPolicy validate() {
        if (scopes.isEmpty() || !scopes.contains(READ)) {
            throw invalid("scopes must contain '" + READ + "'");
        }
        for (String scope : scopes) {
            if (scope == null || !SCOPE_NAME.matcher(scope).matches()) {
                throw invalid("scope names are lower case letters, digits and _ . : - (at most 64), starting with a letter");
            }
        }
        if (new LinkedHashSet<>(scopes).size() != scopes.size()) {
            throw invalid("scopes must not repeat");
        }
        if (ipRequiredScopes.contains(null) || !scopes.containsAll(ipRequiredScopes)) {
            throw invalid("ipRequiredScopes must be a subset of scopes");
        }
        if (ipRequiredScopes.contains(READ)) {
            throw invalid("'" + READ + "' is always granted and cannot require an IP allow-list");
        }
        PolicyFields.checkRanges(this);
        if (labelPattern != null) {
            if (labelPattern.length() > LABEL_PATTERN_MAX_LENGTH) {
                throw invalid("labelPattern is longer than " + LABEL_PATTERN_MAX_LENGTH + " characters");
            }
            try {
                Pattern.compile(labelPattern);
            } catch (PatternSyntaxException e) {
                throw invalid("labelPattern is not a valid regular expression");
            }
            String unsafe = BoundedMatch.unsafe(labelPattern);
            if (unsafe != null) {
                throw invalid("labelPattern must not use " + unsafe + ": such a rule can take any amount of time on any label");
            }
        }
        return this;
    }

    /**
     * The rules a user sees before making a key, by JSON name: this policy's own fields, null where unset (no
     * {@code labelPattern}), without the address-book and gateway rules, which have answers of their own.
     */
    public Map<String, Object> keyRules() {
        return PolicyFields.topLevel(this);
    }

    /** Whether the text has the form of a scope name (lower case letters, digits and _ . : -, starting with a letter). */
    public static boolean isScopeName(String text) {
        return text != null && SCOPE_NAME.matcher(text).matches();
    }

    /**
     * @return the label as it will be stored (see {@link LabelText})
     */
    public String checkLabel(String label) {
        String normalized = LabelText.check(label, "label", ApiKeyError.LABEL_INVALID);
        if (labelPattern != null && !BoundedMatch.matches(Pattern.compile(labelPattern), normalized)) {
            throw ApiKeyError.LABEL_INVALID.exception("label does not match this realm's label rule");
        }
        return normalized;
    }

    /**
     * @param requested the permissions asked for; null or empty means {@value #READ} only
     * @return the permissions granted, in policy order, always including {@value #READ}
     */
    public List<String> grantScopes(Collection<String> requested, boolean ipBound) {
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(READ);
        if (requested != null) {
            for (String scope : requested) {
                if (scope == null || !scopes.contains(scope)) {
                    throw ApiKeyError.SCOPE_UNKNOWN.exception("unknown scope '" + printable(scope) + "'; this realm offers " + scopes);
                }
                wanted.add(scope);
            }
        }
        if (!ipBound) {
            for (String scope : wanted) {
                if (ipRequiredScopes.contains(scope)) {
                    throw ApiKeyError.SCOPE_REQUIRES_IP.exception("scope '" + scope + "' is only granted to keys with an IP allow-list");
                }
            }
        }
        List<String> granted = new ArrayList<>();
        for (String scope : scopes) {
            if (wanted.contains(scope)) {
                granted.add(scope);
            }
        }
        return List.copyOf(granted);
    }

    /**
     * The scopes a key may use under this policy: those of its scopes the realm still offers, and IP-only ones
     * only while the key is IP-bound. A key made under an older policy keeps the rest stored but dormant.
     */
    public List<String> scopesInForce(Collection<String> keyScopes, boolean ipBound) {
        List<String> inForce = new ArrayList<>();
        for (String scope : scopes) {
            if (keyScopes.contains(scope) && (ipBound || !ipRequiredScopes.contains(scope))) {
                inForce.add(scope);
            }
        }
        return List.copyOf(inForce);
    }

    /**
     * The exchanges' permission levels (read; read and trade; read, trade and withdraw), each a set of scopes a user
     * picks as one, while the realm offers exactly the default scopes; none once it offers others.
     */
    public List<List<String>> permissionLevels() {
        List<String> basis = DEFAULT.scopes();
        if (!Set.copyOf(scopes).equals(Set.copyOf(basis))) {
            return List.of();
        }
        List<List<String>> levels = new ArrayList<>();
        for (int size = 1; size <= basis.size(); size++) {
            levels.add(List.copyOf(basis.subList(0, size)));
        }
        return List.copyOf(levels);
    }

    /**
     * Refuses a key that holds a scope out of force, as renew does: the owner edits the key first.
     *
     * @throws dev.apikeys.keycloak.error.ApiKeyException scope_unknown or scope_requires_ip
     */
    public void checkScopesInForce(Collection<String> keyScopes, boolean ipBound) {
        grantScopes(keyScopes, ipBound);
    }

    public IpAllowList checkIpAllowList(Collection<String> entries) {
        if (entries != null && entries.size() > maxIpsPerKey) {
            throw ApiKeyError.TOO_MANY_IPS.exception("at most " + maxIpsPerKey + " IP allow-list entries per key");
        }
        IpAllowList list;
        try {
            list = IpAllowList.parse(entries);
        } catch (IllegalArgumentException e) {
            throw ApiKeyError.IP_INVALID.exception(e.getMessage());
        }
        return list;
    }

    public void checkKeyCount(long existingKeys) {
        if (existingKeys >= maxKeysPerUser) {
            throw ApiKeyError.TOO_MANY_KEYS.exception("a user may hold at most " + maxKeysPerUser + " API keys");
        }
    }

    public long lifetimeSeconds(boolean ipBound) {
        return ipBound ? ipBoundLifetimeSeconds : unboundLifetimeSeconds;
    }

    /** @return when a key made or renewed at {@code now} expires, or null when it never does */
    public Long expiresAt(long nowMillis, boolean ipBound) {
        long lifetime = lifetimeSeconds(ipBound);
        return lifetime == 0 ? null : nowMillis + lifetime * 1000;
    }

    public long activeFrom(long nowMillis) {
        return nowMillis + activationDelaySeconds * 1000;
    }

    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cleaned = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() <= 64 ? cleaned : cleaned.substring(0, 61) + "...";
    }

    private static RuntimeException invalid(String description) {
        return ApiKeyError.POLICY_INVALID.exception(description);
    }
}
