package dev.apikeys.keycloak.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A program the tests need from one of Debian's packages (Chromium, nginx): found on the PATH or in the given
 * directories, and when missing and the tests run as root, installed with apt-get, as a fresh machine needs;
 * otherwise the failure says how. apt-get's output is shown through System.out: written straight to the forked
 * test JVM's stdout it would corrupt Failsafe's channel.
 */
public final class DebianPackage {

    private static final long INSTALL_TIMEOUT_MINUTES = 15;

    private DebianPackage() {
    }

    /**
     * @param names       the program's names, the first found wins
     * @param directories searched after the PATH (Debian puts daemons in /usr/sbin, which a user's PATH may lack)
     */
    public static synchronized Path executable(String packageName, List<String> names, List<String> directories) {
        return find(names, directories).orElseGet(() -> {
            install(packageName);
            return find(names, directories).orElseThrow(() -> new IllegalStateException("apt-get installed " + packageName
                    + " but none of " + names + " is on the PATH " + System.getenv("PATH") + " or in " + directories));
        });
    }

    private static Optional<Path> find(List<String> names, List<String> directories) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), directories.stream())
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> names.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void install(String packageName) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("No " + packageName + " here. Install it once with: sudo apt-get install -y " + packageName);
        }
        System.out.println("No " + packageName + " here: installing Debian's " + packageName + " package");
        if (run("apt-get", "install", "-y", packageName) != 0) {
            // A fresh machine may not have package lists yet.
            run("apt-get", "update");
            if (run("apt-get", "install", "-y", packageName) != 0) {
                throw new IllegalStateException("apt-get install -y " + packageName + " failed; see its output above");
            }
        }
    }

    private static int run(String... command) {
        try {
            Path output = Files.createTempFile("apt-get", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process process = builder.start();
                process.getOutputStream().close();
                boolean finished = process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
                if (!finished) {
                    process.destroyForcibly();
                }
                System.out.println("$ " + String.join(" ", command) + "\n" + Files.readString(output, StandardCharsets.UTF_8));
                if (!finished) {
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                            + INSTALL_TIMEOUT_MINUTES + " minutes");
                }
                return process.exitValue();
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }
}
