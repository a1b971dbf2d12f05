package dev.apikeys.keycloak.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * Keeps a realm's {@link ApiKeyPolicy} in realm attributes (cached with the realm, replicated by Keycloak), one
 * attribute per policy field ({@link PolicyFields}). Attributes that are absent take the default; attributes that
 * cannot be read take the default and are reported at warn level, once per change of the realm's attributes on each
 * node.
 */
public final class RealmPolicyStore {

    private static final Logger LOG = Logger.getLogger(RealmPolicyStore.class);

    private static final List<String> NAMES = PolicyFields.ALL.stream().map(PolicyFields.Field::attribute).toList();
    /**
     * The last policy parsed per realm on this node, with the attribute values it was parsed from. Keyed by the
     * values, not by time: every node reads the values from Keycloak's replicated realm cache on every use, so a
     * change is followed at once everywhere, and a bad value is reported once per change, not once per request.
     */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private RealmPolicyStore() {
    }

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
        ApiKeyPolicy policy = PolicyFields.build(field -> get(realm, field));
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
        for (PolicyFields.Field field : PolicyFields.ALL) {
            String value = field.format(field.of(policy));
            if (value == null) {
                realm.removeAttribute(field.attribute());
            } else {
                realm.setAttribute(field.attribute(), value);
            }
        }
    }

    private static Object get(RealmModel realm, PolicyFields.Field field) {
        String value = realm.getAttribute(field.attribute());
        if (value == null) {
            return field.of(ApiKeyPolicy.DEFAULT);
        }
        try {
            return field.parse(value.strip());
        } catch (RuntimeException e) {
            LOG.warnf("realm '%s' attribute '%s' cannot be read; using the default", realm.getName(), field.attribute());
            return field.of(ApiKeyPolicy.DEFAULT);
        }
    }
}
