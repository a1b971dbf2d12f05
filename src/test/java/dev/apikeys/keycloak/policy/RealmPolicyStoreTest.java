package dev.apikeys.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

/** The policy in force follows every change of the realm's attributes, and is parsed once per change. */
class RealmPolicyStoreTest {

    private final Map<String, String> attributes = new ConcurrentHashMap<>();
    private final String id = UUID.randomUUID().toString();
    private final RealmModel realm = (RealmModel) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {RealmModel.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getId" -> id;
                case "getName" -> "test";
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> {
                    attributes.put((String) args[0], String.valueOf(args[1]));
                    yield null;
                }
                case "removeAttribute" -> {
                    attributes.remove((String) args[0]);
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void anUnchangedRealmIsParsedOnceAndAChangeIsFollowedAtOnce() {
        ApiKeyPolicy first = RealmPolicyStore.read(realm);
        assertSame(first, RealmPolicyStore.read(realm), "nothing changed: the parsed policy is reused");

        attributes.put("apiKeys.maxKeysPerUser", "7");
        ApiKeyPolicy changed = RealmPolicyStore.read(realm);

        assertNotSame(first, changed);
        assertEquals(7, changed.maxKeysPerUser());
        attributes.put("apiKeys.maxKeysPerUser", "not a number");
        assertEquals(ApiKeyPolicy.DEFAULT.maxKeysPerUser(), RealmPolicyStore.read(realm).maxKeysPerUser());
    }

    /** Every field differs from its default. */
    private static final ApiKeyPolicy EVERY_FIELD_CHANGED = ApiKeyPolicyTest.put("""
            {"scopes": ["read", "trade"], "ipRequiredScopes": [], "maxKeysPerUser": 3, "maxIpsPerKey": 4,
             "labelPattern": "bot.*", "unboundLifetimeSeconds": 60, "ipBoundLifetimeSeconds": 120,
             "activationDelaySeconds": 5, "otpRequired": false, "otpMaxFailures": 9, "otpLockoutSeconds": 60,
             "addressBook": {"maxEntries": 7, "emailConfirmation": false, "confirmationLifespanSeconds": 300,
                             "alwaysBound": true},
             "gateway": {"cacheSeconds": 30}}""");

    @Test
    void whatIsWrittenIsReadBack() {
        RealmPolicyStore.write(realm, EVERY_FIELD_CHANGED);

        assertEquals(EVERY_FIELD_CHANGED, RealmPolicyStore.read(realm));
        assertEquals(Map.ofEntries(Map.entry("apiKeys.scopes", "read,trade"), Map.entry("apiKeys.ipRequiredScopes", ""),
                Map.entry("apiKeys.maxKeysPerUser", "3"), Map.entry("apiKeys.maxIpsPerKey", "4"),
                Map.entry("apiKeys.labelPattern", "bot.*"), Map.entry("apiKeys.unboundLifetimeSeconds", "60"),
                Map.entry("apiKeys.ipBoundLifetimeSeconds", "120"), Map.entry("apiKeys.activationDelaySeconds", "5"),
                Map.entry("apiKeys.otpRequired", "false"), Map.entry("apiKeys.otpMaxFailures", "9"),
                Map.entry("apiKeys.otpLockoutSeconds", "60"), Map.entry("apiKeys.addressBook.maxEntries", "7"),
                Map.entry("apiKeys.addressBook.emailConfirmation", "false"),
                Map.entry("apiKeys.addressBook.confirmationLifespanSeconds", "300"),
                Map.entry("apiKeys.addressBook.alwaysBound", "true"), Map.entry("apiKeys.gateway.cacheSeconds", "30")),
                attributes, "the realm attributes the README documents");

        RealmPolicyStore.write(realm, ApiKeyPolicy.DEFAULT);
        assertFalse(attributes.containsKey("apiKeys.labelPattern"), "no label rule, no attribute");
        assertEquals(ApiKeyPolicy.DEFAULT, RealmPolicyStore.read(realm));
    }

    @Test
    void everyPolicyAttributeIsPartOfWhatAChangeIsDetectedBy() {
        RealmPolicyStore.write(realm, EVERY_FIELD_CHANGED);
        Map<String, String> written = Map.copyOf(attributes);
        assertTrue(written.size() > 10, written.toString());
        for (String name : written.keySet()) {
            attributes.putAll(written);
            assertEquals(EVERY_FIELD_CHANGED, RealmPolicyStore.read(realm));

            attributes.remove(name);

            assertNotEquals(EVERY_FIELD_CHANGED, RealmPolicyStore.read(realm), name + " is read, and its change is followed");
        }
    }

    @Test
    void aBadAttributeTakesItsDefaultAndAnIncoherentPolicyTheDefaults() {
        attributes.put("apiKeys.otpRequired", "yes");
        attributes.put("apiKeys.addressBook.maxEntries", "12");
        ApiKeyPolicy policy = RealmPolicyStore.read(realm);
        assertEquals(ApiKeyPolicy.DEFAULT.otpRequired(), policy.otpRequired());
        assertEquals(12, policy.addressBook().maxEntries());

        attributes.put("apiKeys.gateway.cacheSeconds", "61");
        assertEquals(ApiKeyPolicy.DEFAULT, RealmPolicyStore.read(realm));
    }
}
