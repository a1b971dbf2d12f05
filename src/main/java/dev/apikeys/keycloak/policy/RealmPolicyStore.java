package dev.apikeys.keycloak.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * Keeps a realm's {@link ApiKeyPolicy} in realm attributes (cached with the realm, replicated by Keycloak).
 * Attributes that are absent take the default; attributes that cannot be read take the default and are
 * reported at warn level, once per change of the realm's attributes on each node.
 */
public final class RealmPolicyStore {

    private static final Logger LOG = Logger.getLogger(RealmPolicyStore.class);

    static final String PREFIX = "apiKeys.";
    static final String SCOPES = PREFIX + "scopes";
    static final String IP_REQUIRED_SCOPES = PREFIX + "ipRequiredScopes";
    static final String MAX_KEYS_PER_USER = PREFIX + "maxKeysPerUser";
    static final String MAX_IPS_PER_KEY = PREFIX + "maxIpsPerKey";
    static final String LABEL_PATTERN = PREFIX + "labelPattern";
    static final String UNBOUND_LIFETIME = PREFIX + "unboundLifetimeSeconds";
    static final String IP_BOUND_LIFETIME = PREFIX + "ipBoundLifetimeSeconds";
    static final String ACTIVATION_DELAY = PREFIX + "activationDelaySeconds";
    static final String OTP_REQUIRED = PREFIX + "otpRequired";
    static final String OTP_MAX_FAILURES = PREFIX + "otpMaxFailures";
    static final String OTP_LOCKOUT = PREFIX + "otpLockoutSeconds";
    static final String ADDRESS_MAX_ENTRIES = PREFIX + "addressBook.maxEntries";
    static final String ADDRESS_EMAIL_CONFIRMATION = PREFIX + "addressBook.emailConfirmation";
    static final String ADDRESS_CONFIRMATION_LIFESPAN = PREFIX + "addressBook.confirmationLifespanSeconds";
    static final String ADDRESS_ALWAYS_BOUND = PREFIX + "addressBook.alwaysBound";
    static final String GATEWAY_CACHE_SECONDS = PREFIX + "gateway.cacheSeconds";

    private RealmPolicyStore() {
    }

    private static final List<String> NAMES = List.of(SCOPES, IP_REQUIRED_SCOPES, MAX_KEYS_PER_USER, MAX_IPS_PER_KEY,
            LABEL_PATTERN, UNBOUND_LIFETIME, IP_BOUND_LIFETIME, ACTIVATION_DELAY, OTP_REQUIRED, OTP_MAX_FAILURES,
            OTP_LOCKOUT, ADDRESS_MAX_ENTRIES, ADDRESS_EMAIL_CONFIRMATION, ADDRESS_CONFIRMATION_LIFESPAN,
            ADDRESS_ALWAYS_BOUND, GATEWAY_CACHE_SECONDS);
    /**
     * The last policy parsed per realm on this node, with the attribute values it was parsed from. Keyed by the
     * values, not by time: every node reads the values from Keycloak's replicated realm cache on every use, so a
     * change is followed at once everywhere, and a bad value is reported once per change, not once per request.
     */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private record Parsed(List<String> values, ApiKeyPolicy policy) {
    }

    /** The realm's policy in force now: parsed and validated once per change of its attributes. */
    public static ApiKeyPolicy read(RealmModel realm) {
        List<String> values = Arrays.asList(NAMES.stream().map(realm::getAttribute).toArray(String[]::new));
        Parsed last = PARSED.get(realm.getId());
        if (last != null && last.values().equals(values)) {
            return last.policy();
        }
        ApiKeyPolicy policy = parse(realm);
        PARSED.put(realm.getId(), new Parsed(values, policy));
        return policy;
    }

    private static ApiKeyPolicy parse(RealmModel realm) {
        ApiKeyPolicy d = ApiKeyPolicy.DEFAULT;
        ApiKeyPolicy policy = new ApiKeyPolicy(
                get(realm, SCOPES, RealmPolicyStore::list, d.scopes()),
                get(realm, IP_REQUIRED_SCOPES, RealmPolicyStore::list, d.ipRequiredScopes()),
                get(realm, MAX_KEYS_PER_USER, Integer::valueOf, d.maxKeysPerUser()),
                get(realm, MAX_IPS_PER_KEY, Integer::valueOf, d.maxIpsPerKey()),
                get(realm, LABEL_PATTERN, Function.identity(), d.labelPattern()),
                get(realm, UNBOUND_LIFETIME, Long::valueOf, d.unboundLifetimeSeconds()),
                get(realm, IP_BOUND_LIFETIME, Long::valueOf, d.ipBoundLifetimeSeconds()),
                get(realm, ACTIVATION_DELAY, Long::valueOf, d.activationDelaySeconds()),
                get(realm, OTP_REQUIRED, RealmPolicyStore::bool, d.otpRequired()),
                get(realm, OTP_MAX_FAILURES, Integer::valueOf, d.otpMaxFailures()),
                get(realm, OTP_LOCKOUT, Long::valueOf, d.otpLockoutSeconds()),
                new AddressBookPolicy(
                        get(realm, ADDRESS_MAX_ENTRIES, Integer::valueOf, d.addressBook().maxEntries()),
                        get(realm, ADDRESS_EMAIL_CONFIRMATION, RealmPolicyStore::bool, d.addressBook().emailConfirmation()),
                        get(realm, ADDRESS_CONFIRMATION_LIFESPAN, Long::valueOf, d.addressBook().confirmationLifespanSeconds()),
                        get(realm, ADDRESS_ALWAYS_BOUND, RealmPolicyStore::bool, d.addressBook().alwaysBound())),
                new GatewayPolicy(get(realm, GATEWAY_CACHE_SECONDS, Integer::valueOf, d.gateway().cacheSeconds())));
        try {
            return policy.validate();
        } catch (RuntimeException e) {
            LOG.warnf("API-key policy of realm '%s' is invalid (%s); using the defaults", realm.getName(), e.getMessage());
            return ApiKeyPolicy.DEFAULT;
        }
    }

    /** Validates and stores the whole policy. */
    public static void write(RealmModel realm, ApiKeyPolicy policy) {
        policy.validate();
        realm.setAttribute(SCOPES, String.join(",", policy.scopes()));
        realm.setAttribute(IP_REQUIRED_SCOPES, String.join(",", policy.ipRequiredScopes()));
        realm.setAttribute(MAX_KEYS_PER_USER, policy.maxKeysPerUser());
        realm.setAttribute(MAX_IPS_PER_KEY, policy.maxIpsPerKey());
        if (policy.labelPattern() == null) {
            realm.removeAttribute(LABEL_PATTERN);
        } else {
            realm.setAttribute(LABEL_PATTERN, policy.labelPattern());
        }
        realm.setAttribute(UNBOUND_LIFETIME, policy.unboundLifetimeSeconds());
        realm.setAttribute(IP_BOUND_LIFETIME, policy.ipBoundLifetimeSeconds());
        realm.setAttribute(ACTIVATION_DELAY, policy.activationDelaySeconds());
        realm.setAttribute(OTP_REQUIRED, policy.otpRequired());
        realm.setAttribute(OTP_MAX_FAILURES, policy.otpMaxFailures());
        realm.setAttribute(OTP_LOCKOUT, policy.otpLockoutSeconds());
        realm.setAttribute(ADDRESS_MAX_ENTRIES, policy.addressBook().maxEntries());
        realm.setAttribute(ADDRESS_EMAIL_CONFIRMATION, policy.addressBook().emailConfirmation());
        realm.setAttribute(ADDRESS_CONFIRMATION_LIFESPAN, policy.addressBook().confirmationLifespanSeconds());
        realm.setAttribute(ADDRESS_ALWAYS_BOUND, policy.addressBook().alwaysBound());
        realm.setAttribute(GATEWAY_CACHE_SECONDS, policy.gateway().cacheSeconds());
    }

    private static <T> T get(RealmModel realm, String name, Function<String, T> parse, T fallback) {
        String value = realm.getAttribute(name);
        if (value == null) {
            return fallback;
        }
        try {
            return parse.apply(value.strip());
        } catch (RuntimeException e) {
            LOG.warnf("realm '%s' attribute '%s' cannot be read; using the default", realm.getName(), name);
            return fallback;
        }
    }

    private static List<String> list(String value) {
        return value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).toList();
    }

    private static Boolean bool(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("not a boolean");
        }
        return Boolean.valueOf(value);
    }
}
