package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
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

    /**
     * Every jar under {@code target/} that registers this extension's providers is one of three: the product; shade's
     * unshaded input, which Maven's shade plugin always keeps, out of {@code target/} itself; and the lock probe,
     * which the test harness writes into {@code target/it/} when integration tests start (no build phase makes it).
     * Copies installed into the test servers' and the demo's Keycloak distributions are installs, not build output.
     */
    @Test
    void noOtherJarUnderTargetRegistersTheExtensionsProviders() throws IOException {
        Path target = PRODUCT.getParent();
        Set<Path> expected = Set.of(PRODUCT, target.resolve("unshaded/original-" + PRODUCT.getFileName()),
                target.resolve("it/lock-probe.jar"));
        Set<Path> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(target)) {
            for (Path jar : files.filter(file -> file.getFileName().toString().endsWith(".jar") && !isInstall(target, file))
                    .toList()) {
                if (registersOurProviders(jar)) {
                    found.add(jar);
                }
            }
        }
        assertTrue(expected.containsAll(found), "unexpected provider jars: " + found);
        assertTrue(found.contains(PRODUCT));
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

    /** Unpacked Keycloak distributions (the tests' and the demo's): jars there are Keycloak's, or installs of ours. */
    private static boolean isInstall(Path target, Path file) {
        Path folder = target.relativize(file).getParent();
        if (folder == null) {
            return false;
        }
        for (Path part : folder) {
            if (part.toString().equals("providers") || part.toString().startsWith("keycloak-")) {
                return true;
            }
        }
        return folder.startsWith("demo");
    }

    private static boolean registersOurProviders(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().filter(e -> e.getName().startsWith("META-INF/services/")).toList()) {
                try (InputStream in = file.getInputStream(entry)) {
                    if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("dev.apikeys.keycloak.")) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
