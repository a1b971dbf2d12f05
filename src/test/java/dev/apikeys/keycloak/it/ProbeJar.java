package dev.apikeys.keycloak.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import dev.apikeys.keycloak.change.LockProbe;

/**
 * Writes the test servers' lock probe ({@link LockProbe} and its registration) from the test classes. Written here
 * rather than by a build plugin, which would make it on every {@code mvn verify}, tests skipped or not: so the
 * probe exists only where integration tests are about to run, and no build of the product leaves it anywhere.
 */
final class ProbeJar {

    private static final String REGISTRATION = "META-INF/services/org.keycloak.services.resource.RealmResourceProviderFactory";

    private ProbeJar() {
    }

    static synchronized Path writeTo(Path jar) {
        try {
            Path classes = Path.of(LockProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path packageDir = classes.resolve(LockProbe.class.getPackageName().replace('.', '/'));
            List<Path> entries;
            try (Stream<Path> files = Files.list(packageDir)) {
                entries = files.filter(file -> file.getFileName().toString().startsWith(LockProbe.class.getSimpleName()))
                        .toList();
            }
            Files.createDirectories(jar.getParent());
            Path written = Files.createTempFile(jar.getParent(), "lock-probe", ".tmp");
            try (OutputStream file = Files.newOutputStream(written); JarOutputStream out = new JarOutputStream(file)) {
                add(out, REGISTRATION, classes.resolve(REGISTRATION));
                for (Path entry : entries) {
                    add(out, classes.relativize(entry).toString().replace('\\', '/'), entry);
                }
            }
            return Files.move(written, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the lock probe to " + jar, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(JarOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new JarEntry(name));
        Files.copy(file, out);
        out.closeEntry();
    }
}
