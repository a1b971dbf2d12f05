package dev.apikeys.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

        attributes.put(RealmPolicyStore.MAX_KEYS_PER_USER, "7");
        ApiKeyPolicy changed = RealmPolicyStore.read(realm);

        assertNotSame(first, changed);
        assertEquals(7, changed.maxKeysPerUser());
        attributes.put(RealmPolicyStore.MAX_KEYS_PER_USER, "not a number");
        assertEquals(ApiKeyPolicy.DEFAULT.maxKeysPerUser(), RealmPolicyStore.read(realm).maxKeysPerUser());
    }

    @Test
    void whatIsWrittenIsReadBack() {
        ApiKeyPolicy wanted = new PolicyUpdate(List.of("read", "trade"), List.of(), 3, 4, "bot.*", 60L, 120L, 5L, false, 9, 60L)
                .applyTo(ApiKeyPolicy.DEFAULT);
        RealmPolicyStore.write(realm, wanted);

        assertEquals(wanted, RealmPolicyStore.read(realm));
    }

    @Test
    void everyPolicyAttributeIsPartOfWhatAChangeIsDetectedBy() throws Exception {
        Set<String> names = new HashSet<>();
        for (Field field : RealmPolicyStore.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().equals("PREFIX")) {
                field.setAccessible(true);
                names.add((String) field.get(null));
            }
        }
        Field listed = RealmPolicyStore.class.getDeclaredField("NAMES");
        listed.setAccessible(true);
        assertTrue(names.size() > 10, names.toString());
        assertEquals(names, new HashSet<>((List<?>) listed.get(null)));
    }
}
