package dev.apikeys.keycloak.policy;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.apikeys.keycloak.error.ApiKeyError;

/**
 * The fields of {@link ApiKeyPolicy} as its record declares them, nested policies ({@code addressBook},
 * {@code gateway}) included: a field's JSON name is its component's name, its path inside nested policies joined by
 * dots, its realm attribute {@value #PREFIX} followed by that path, its default the value in
 * {@link ApiKeyPolicy#DEFAULT}, its bounds its {@link Range}. The store, the admin update and the answers follow
 * from this, so a policy field is declared once.
 */
final class PolicyFields {

    static final String PREFIX = "apiKeys.";

    /** One value of the policy: a component that is not itself a nested policy. */
    record Field(String path, List<RecordComponent> components) {

        String attribute() {
            return PREFIX + path;
        }

        Class<?> type() {
            return last().getType();
        }

        Range range() {
            return last().getAnnotation(Range.class);
        }

        Object of(ApiKeyPolicy policy) {
            Object value = policy;
            for (RecordComponent component : components) {
                value = invoke(component, value);
            }
            return value;
        }

        Object parse(String text) {
            Class<?> type = type();
            if (type == int.class) {
                return Integer.valueOf(text);
            }
            if (type == long.class) {
                return Long.valueOf(text);
            }
            if (type == boolean.class) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("not a boolean");
                }
                return Boolean.valueOf(text);
            }
            if (type == List.class) {
                return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(String::strip).toList();
            }
            return text;
        }

        /** @return the attribute's value, or null when the attribute is absent */
        String format(Object value) {
            if (value instanceof List<?> list) {
                return String.join(",", list.stream().map(String.class::cast).toList());
            }
            return value == null ? null : value.toString();
        }

        private RecordComponent last() {
            return components.get(components.size() - 1);
        }
    }

    static final List<Field> ALL = Collections.unmodifiableList(fields(ApiKeyPolicy.class, "", List.of()));

    private PolicyFields() {
    }

    /** Builds a policy from one value per field, in {@link #ALL}'s order. */
    static ApiKeyPolicy build(Function<Field, Object> valueOf) {
        List<Object> values = ALL.stream().map(valueOf).toList();
        return (ApiKeyPolicy) construct(ApiKeyPolicy.class, values.iterator());
    }

    /** @throws dev.apikeys.keycloak.error.ApiKeyException {@code policy_invalid} for the first value out of its range */
    static void checkRanges(ApiKeyPolicy policy) {
        for (Field field : ALL) {
            Range range = field.range();
            if (range != null) {
                long value = ((Number) field.of(policy)).longValue();
                if (value < range.min() || value > range.max()) {
                    throw ApiKeyError.POLICY_INVALID.exception(field.path() + " must be between " + range.min() + " and " + range.max());
                }
            }
        }
    }

    /** The policy's top-level values by JSON name, leaving out the nested policies, which have answers of their own. */
    static Map<String, Object> topLevel(ApiKeyPolicy policy) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : ALL) {
            if (field.components().size() == 1) {
                values.put(field.path(), field.of(policy));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    private static List<Field> fields(Class<?> record, String prefix, List<RecordComponent> outer) {
        List<Field> fields = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            List<RecordComponent> path = new ArrayList<>(outer);
            path.add(component);
            if (component.getType().isRecord()) {
                fields.addAll(fields(component.getType(), prefix + component.getName() + ".", path));
            } else {
                fields.add(new Field(prefix + component.getName(), List.copyOf(path)));
            }
        }
        return fields;
    }

    private static Object construct(Class<?> record, Iterator<Object> values) {
        RecordComponent[] components = record.getRecordComponents();
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            arguments[i] = components[i].getType().isRecord() ? construct(components[i].getType(), values) : values.next();
        }
        try {
            Constructor<?> canonical = record.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
