package dev.apikeys.keycloak.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

record HarnessSettings(
        String keycloakVersion, Path distDir, Path providerJar, Path probeJar, Path workDir,
        List<String> serverOptions) {

    /**
     * The test server hashes keys under a pepper, as the README recommends for production (and tests it does), and
     * gets it as the README says: through the environment, so that no command line or log of the run shows it.
     */
    static final String PEPPER = "integration-test-pepper-not-a-secret";
    /**
     * What the test servers' lock probe asks of every request (it answers 404 to anything else), new for each run,
     * given through the environment like the pepper.
     */
    static final String PROBE_SECRET = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    static final String PROBE_SECRET_HEADER = "X-Lock-Probe-Secret";
    static final Map<String, String> ENVIRONMENT = Map.of("KC_SPI_CREDENTIAL__API_KEY__PEPPER", PEPPER,
            "KC_SPI_REALM_RESTAPI_EXTENSION__IT_LOCK_PROBE__SECRET", PROBE_SECRET);

    static HarnessSettings fromSystemProperties() {
        HarnessSettings settings = new HarnessSettings(
                required("keycloak.version"),
                Path.of(required("keycloak.dist.dir")),
                Path.of(required("provider.jar")),
                Path.of(required("probe.jar")),
                Path.of(required("it.work.dir")),
                Arrays.stream(System.getProperty("it.keycloak.options", "").trim().split("\\s+"))
                        .filter(option -> !option.isEmpty())
                        .toList());
        if (!Files.isRegularFile(settings.providerJar())) {
            throw new IllegalStateException("Provider jar " + settings.providerJar()
                    + " does not exist: the package phase builds it, run the integration tests with mvn verify");
        }
        ProbeJar.writeTo(settings.probeJar());
        return settings;
    }

    Path logFile() {
        return workDir.resolve("keycloak.log");
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name
                    + " is not set: the *IT classes get it from maven-failsafe-plugin, run them with mvn verify");
        }
        return value;
    }
}
