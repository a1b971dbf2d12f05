package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What an administrator following the README's install step gets: exactly the product's jar. A second jar in
 * {@code target/} (the test-only lock probe, shade's unshaded {@code original-*.jar}) would be picked up by any glob
 * an administrator writes for the product, and every provider it registers would run in their Keycloak.
 */
final class PackagingIT {

    private static final Path PRODUCT = Path.of(System.getProperty("provider.jar"));
    private static final Pattern INSTALL_STEP = Pattern.compile("(?m)^2\\. Copy `([^`]+)`");

    @Test
    void theBuildLeavesOneJarInTargetAndItIsTheProduct() throws IOException {
        Path target = PRODUCT.getParent();
        List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).toList();
        }

        assertEquals(List.of(PRODUCT), jars, "the only jar in target/");
        assertTrue(registersProviders(PRODUCT), "the product registers its providers");
    }

    @Test
    void theTestOnlyProbeIsOutsideEveryInstallGlob() throws IOException {
        Path probe = Path.of(System.getProperty("probe.jar"));

        assertTrue(registersProviders(probe), "the probe is a provider jar, so where it lies matters");
        assertEquals(PRODUCT.getParent().resolve("it"), probe.getParent());
        assertFalse(probe.getFileName().toString().contains("keycloak-api-keys"), probe.toString());
    }

    @Test
    void theReadmesInstallStepNamesExactlyTheProductsJar() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher step = INSTALL_STEP.matcher(readme);

        assertTrue(step.find(), "README has an install step 2 naming the file to copy");
        assertEquals("target/" + PRODUCT.getFileName(), step.group(1));
    }

    private static boolean registersProviders(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().anyMatch(entry -> entry.getName().startsWith("META-INF/services/org.keycloak."));
        }
    }
}
