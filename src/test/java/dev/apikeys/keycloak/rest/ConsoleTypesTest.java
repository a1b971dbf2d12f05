package dev.apikeys.keycloak.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.apikeys.keycloak.rest.selfservice.PolicyRepresentation;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The account console's TypeScript types are the JSON the server's representations write: a field added, renamed or
 * dropped on one side fails here. Optional TypeScript fields ({@code name?:}) are those the server may leave out
 * (boxed or reference values of a record written with {@code NON_NULL}); required ones are primitives.
 */
class ConsoleTypesTest {

    private static final Path TYPES = Path.of("themes/api-keys-account/src/api-keys/types.ts");
    private static final Pattern FIELD = Pattern.compile("^\\s*(\\w+)(\\??):", Pattern.MULTILINE);

    @ParameterizedTest
    @CsvSource({
        "ApiKey, dev.apikeys.keycloak.rest.ApiKeyRepresentation, secret",
        "Policy, dev.apikeys.keycloak.rest.selfservice.PolicyRepresentation, ''",
        "KeyActivity, dev.apikeys.keycloak.rest.selfservice.ActivityRepresentation, ''",
        "KeyEvent, dev.apikeys.keycloak.credential.KeyEvents$KeyEvent, ''",
        "Address, dev.apikeys.keycloak.rest.AddressRepresentation, ''",
        "AddressManagement, dev.apikeys.keycloak.rest.ManagementRepresentation, ''",
        "KeyInput, dev.apikeys.keycloak.credential.KeyRequest, ''",
        "AddressInput, dev.apikeys.keycloak.address.AddressRequest, ''"
    })
    void theConsolesTypeHasTheRepresentationsFields(String type, String representation, String leftOut) throws Exception {
        Map<String, Boolean> console = fields(type);
        Map<String, Boolean> server = new TreeMap<>();
        for (RecordComponent component : Class.forName(representation).getRecordComponents()) {
            if (component.getType() == ApiKeyPolicy.class && component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                server.putAll(keyRules());
            } else if (!component.getName().equals(leftOut)) {
                server.put(component.getName(), component.getType().isPrimitive());
            }
        }

        assertEquals(server.keySet(), console.keySet(), type + " and " + representation + " name the same fields");
        Set<String> primitives = server.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> requiredInConsole = console.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(requiredInConsole.containsAll(primitives),
                type + ": what the server always writes (" + primitives + ") is required in the console");
    }

    @Test
    void thePolicyAnswerWritesTheFieldsTheConsolesTypeNames() throws Exception {
        ApiKeyPolicy policy = JsonBody.update(ApiKeyPolicy.DEFAULT,
                new ByteArrayInputStream("{\"labelPattern\": \"bot.*\"}".getBytes(StandardCharsets.UTF_8)));
        JsonNode answer = new ObjectMapper().valueToTree(new PolicyRepresentation(policy, "read", policy.permissionLevels(), 64, 8, 32, true, 2));

        Set<String> written = new TreeSet<>();
        answer.fieldNames().forEachRemaining(written::add);
        assertEquals(fields("Policy").keySet(), written);
        assertEquals("bot.*", answer.path("labelPattern").asText());
        assertEquals(50, answer.path("maxKeysPerUser").asInt());
        assertEquals(2, answer.path("keyCount").asInt());
    }

    /** The policy fields a representation spreads into its JSON ({@link ApiKeyPolicy#keyRules()}), as the policy declares them. */
    private static Map<String, Boolean> keyRules() {
        Map<String, Boolean> fields = new TreeMap<>();
        for (RecordComponent component : ApiKeyPolicy.class.getRecordComponents()) {
            if (ApiKeyPolicy.DEFAULT.keyRules().containsKey(component.getName())) {
                fields.put(component.getName(), component.getType().isPrimitive());
            }
        }
        assertTrue(fields.keySet().containsAll(List.of("scopes", "maxKeysPerUser", "otpLockoutSeconds")), fields.toString());
        assertEquals(fields.keySet(), ApiKeyPolicy.DEFAULT.keyRules().keySet(), "every key rule is a field of the policy");
        return fields;
    }

    /** The fields of {@code export type Name = { ... };}, each with whether it is required. */
    private static Map<String, Boolean> fields(String type) throws IOException {
        String source = Files.readString(TYPES);
        Matcher start = Pattern.compile("export type " + type + " = \\{").matcher(source);
        assertTrue(start.find(), "types.ts declares " + type);
        String body = source.substring(start.end(), source.indexOf("\n};", start.end()));
        body = Arrays.stream(body.split("\n")).filter(line -> !line.strip().startsWith("/**")
                && !line.strip().startsWith("*")).collect(Collectors.joining("\n"));
        Map<String, Boolean> fields = new TreeMap<>();
        Matcher field = FIELD.matcher(body);
        while (field.find()) {
            fields.put(field.group(1), field.group(2).isEmpty());
        }
        return fields;
    }
}
