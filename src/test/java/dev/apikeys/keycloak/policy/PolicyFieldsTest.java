package dev.apikeys.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a new component of the policy records gets without a further edit, and what it must declare itself. */
class PolicyFieldsTest {

    @Test
    void everyNumberAnAdministratorSetsIsBounded() {
        for (PolicyFields.Field field : PolicyFields.ALL) {
            if (field.type() == int.class || field.type() == long.class) {
                Range range = field.range();
                assertNotNull(range, field.path() + " declares its @Range");
                long byDefault = ((Number) field.of(ApiKeyPolicy.DEFAULT)).longValue();
                assertTrue(range.min() <= byDefault && byDefault <= range.max(), field.path() + ": the default is in range");
            }
        }
    }

    @Test
    void everyFieldIsOfATypeTheStoreCanKeep() {
        for (PolicyFields.Field field : PolicyFields.ALL) {
            assertTrue(List.of(int.class, long.class, boolean.class, String.class, List.class).contains(field.type()),
                    field.path() + " is a " + field.type());
            Object byDefault = field.of(ApiKeyPolicy.DEFAULT);
            if (byDefault != null) {
                assertEquals(byDefault, field.parse(field.format(byDefault)), field.path() + ": its default survives the store");
            }
        }
    }
}
