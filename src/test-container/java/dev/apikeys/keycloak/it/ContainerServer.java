package dev.apikeys.keycloak.it;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.output.OutputFrame;

final class ContainerServer implements ServerRuntime {

    private static final String IMAGE = "quay.io/keycloak/keycloak:";
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

    private final KeycloakContainer container;

    ContainerServer(HarnessSettings settings) throws IOException {
        Path log = settings.logFile();
        Files.createDirectories(settings.workDir());
        Files.deleteIfExists(log);
        container = new KeycloakContainer(IMAGE + settings.keycloakVersion())
                .withAdminUsername(KeycloakServer.ADMIN_USERNAME)
                .withAdminPassword(KeycloakServer.ADMIN_PASSWORD)
                .withProviderLibsFrom(List.of(settings.providerJar().toFile()))
                .withEnv("KC_LOG_LEVEL", KeycloakServer.LOG_LEVEL)
                .withEnv(HarnessSettings.ENVIRONMENT)
                .withStartupTimeout(BOOT_TIMEOUT)
                .withLogConsumer(frame -> append(log, frame));
        settings.serverOptions().forEach(container::withCustomCommand);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    @Override
    public String baseUrl() {
        return container.getAuthServerUrl().replaceAll("/+$", "");
    }

    @Override
    public void close() {
        container.stop();
    }

    private static void append(Path log, OutputFrame frame) {
        try {
            Files.writeString(log, frame.getUtf8String(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
