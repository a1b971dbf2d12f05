package dev.apikeys.keycloak.seam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keycloak's internals (keycloak-services and server-spi-private, which change between minor releases without
 * notice) are called from {@code seam/} alone, so that an upgrade touches one place. Outside it, only what a provider
 * must implement or is handed by Keycloak may be named: the allow-list below, each entry with its reason.
 */
class SeamBoundaryTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path SEAM = SOURCES.resolve("dev/apikeys/keycloak/seam");
    private static final Pattern QUALIFIED = Pattern.compile("\\borg\\.keycloak(?:\\.[a-z][a-z0-9]*)+(?:\\.[A-Z]\\w*)+");
    private static final Set<String> INTERNAL_JARS = Set.of("keycloak-services-", "keycloak-server-spi-private-");

    /** What providers implement or are handed: the SPIs themselves, not their implementations. */
    private static final Set<String> ALLOWED = Set.of(
            // REST resources: the SPIs a realm and an admin resource implement, and what the admin SPI hands in
            "org.keycloak.services.resource.RealmResourceProvider",
            "org.keycloak.services.resource.RealmResourceProviderFactory",
            "org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider",
            "org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory",
            "org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator",
            "org.keycloak.services.resources.admin.AdminEventBuilder",
            // the credential SPI (keys and their hashes)
            "org.keycloak.credential.CredentialProviderFactory",
            // the authenticator SPI (key login)
            "org.keycloak.authentication.Authenticator",
            "org.keycloak.authentication.AuthenticatorFactory",
            "org.keycloak.authentication.AuthenticationFlowContext",
            "org.keycloak.authentication.AuthenticationFlowError",
            // the action-token SPI (confirmation links)
            "org.keycloak.authentication.actiontoken.DefaultActionToken",
            // the token-exchange and introspection SPIs
            "org.keycloak.protocol.oidc.TokenExchangeProvider",
            "org.keycloak.protocol.oidc.TokenExchangeProviderFactory",
            "org.keycloak.protocol.oidc.TokenExchangeContext",
            "org.keycloak.protocol.oidc.TokenIntrospectionProvider",
            "org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory",
            // the protocol-mapper SPI (claims of key tokens)
            "org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper",
            "org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper",
            "org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper",
            // events: the builder every SPI hands in, its vocabulary, and the store the activity reads
            "org.keycloak.events.EventBuilder",
            "org.keycloak.events.Event",
            "org.keycloak.events.EventType",
            "org.keycloak.events.Details",
            "org.keycloak.events.Errors",
            "org.keycloak.events.EventStoreProvider",
            "org.keycloak.events.admin.OperationType",
            "org.keycloak.events.admin.ResourceType",
            // the theme and e-mail SPIs (confirmation page and mails)
            "org.keycloak.forms.login.LoginFormsProvider",
            "org.keycloak.email.EmailTemplateProvider",
            "org.keycloak.email.EmailException");

    @Test
    void keycloakInternalsAreCalledFromTheSeamAlone() throws IOException {
        Set<String> violations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(SEAM)).toList()) {
                Matcher name = QUALIFIED.matcher(Files.readString(file));
                while (name.find()) {
                    String type = outermostType(name.group());
                    if (!ALLOWED.contains(type) && isInternal(type)) {
                        violations.add(SOURCES.relativize(file) + ": " + type);
                    }
                }
            }
        }
        assertEquals(List.of(), List.copyOf(violations), "go through seam/KeycloakInternals");
    }

    @Test
    void theCheckRecognisesAnInternalClass() {
        assertTrue(isInternal("org.keycloak.services.managers.AuthenticationManager"));
        assertTrue(isInternal("org.keycloak.models.utils.KeycloakModelUtils"));
        assertTrue(!isInternal("org.keycloak.models.UserModel"), "the public model SPI is no internal");
    }

    /** {@code a.b.Outer.Inner.CONSTANT} names the class {@code a.b.Outer}. */
    private static String outermostType(String qualified) {
        String[] parts = qualified.split("\\.");
        StringBuilder type = new StringBuilder();
        for (String part : parts) {
            type.append(type.isEmpty() ? "" : ".").append(part);
            if (Character.isUpperCase(part.charAt(0))) {
                return type.toString();
            }
        }
        return type.toString();
    }

    private static boolean isInternal(String type) {
        Class<?> found;
        try {
            found = Class.forName(type, false, SeamBoundaryTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        String jar = Path.of(found.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
        return INTERNAL_JARS.stream().anyMatch(jar::startsWith);
    }
}
