package dev.apikeys.keycloak.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.apikeys.keycloak.error.ApiKeyError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console knows the server's refusal codes only by their messages ({@code apiKeys.error.<code>}), so the enum is
 * the one list: every code has a message in each language the theme ships, every code the console's sources act on
 * is one of the enum's, and every error message belongs to a code or to a check the console makes itself.
 */
class ConsoleErrorCodesTest {

    private static final Path SOURCES = Path.of("themes/api-keys-account/src");
    private static final Path MESSAGES = Path.of("themes/api-keys-account/theme/messages");
    private static final String ERROR_MESSAGE = "apiKeys.error.";
    private static final Pattern MESSAGE_KEY = Pattern.compile("apiKeys\\.[A-Za-z0-9_.]+");
    /** How the codes are spelled; the console's own names are camelCase or UPPER_CASE. */
    private static final Pattern SNAKE_CASE = Pattern.compile("\\b[a-z]+(?:_[a-z0-9]+)+\\b");
    /** The error body's field ({@link dev.apikeys.keycloak.rest.Answers.ErrorBody}), not a code. */
    private static final Set<String> BODY_FIELDS = Set.of("error_description");

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void everyCodeHasAMessage(String language) throws IOException {
        Set<String> missing = new TreeSet<>(codes());
        missing.removeAll(errorMessages(language));
        assertEquals(Set.of(), missing, "codes without an apiKeys.error message in messages_" + language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void everyErrorMessageBelongsToACodeOrToTheConsolesOwnChecks(String language) throws IOException {
        Set<String> shownByTheConsole = new TreeSet<>();
        for (String source : sources()) {
            Matcher key = MESSAGE_KEY.matcher(source);
            while (key.find()) {
                shownByTheConsole.add(key.group());
            }
        }
        Set<String> orphans = new TreeSet<>(errorMessages(language));
        orphans.removeAll(codes());
        orphans.removeIf(code -> shownByTheConsole.contains(ERROR_MESSAGE + code));
        assertEquals(Set.of(), orphans, "messages_" + language + " has error messages of codes the server does not give");
    }

    @Test
    void everyCodeTheConsoleActsOnIsTheServers() throws IOException {
        Set<String> named = new TreeSet<>();
        for (String source : sources()) {
            Matcher word = SNAKE_CASE.matcher(MESSAGE_KEY.matcher(source).replaceAll(""));
            while (word.find()) {
                named.add(word.group());
            }
        }
        named.removeAll(BODY_FIELDS);
        named.removeAll(codes());
        assertEquals(Set.of(), named, "the console names codes that ApiKeyError does not have");
    }

    private static Set<String> codes() {
        return Arrays.stream(ApiKeyError.values()).map(ApiKeyError::code).collect(Collectors.toSet());
    }

    private static Set<String> errorMessages(String language) throws IOException {
        Properties messages = new Properties();
        try (Reader reader = Files.newBufferedReader(MESSAGES.resolve("messages_" + language + ".properties"),
                StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
        return messages.stringPropertyNames().stream().filter(key -> key.startsWith(ERROR_MESSAGE))
                .map(key -> key.substring(ERROR_MESSAGE.length())).collect(Collectors.toSet());
    }

    /** The console's sources without its unit tests, whose made-up codes show the fallback. */
    private static Set<String> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            Set<String> sources = new TreeSet<>();
            for (Path file : files.filter(ConsoleErrorCodesTest::isSource).toList()) {
                sources.add(Files.readString(file));
            }
            return sources;
        }
    }

    private static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".ts") || name.endsWith(".tsx")) && !name.contains(".test.");
    }
}
