package dev.apikeys.keycloak.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's chromium, found on the PATH. Playwright's own browser download is not available here, so when the
 * binary is missing and the tests run as root, it is installed with apt-get; otherwise the failure says how.
 */
final class Chromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser");
    private static final long INSTALL_TIMEOUT_MINUTES = 15;

    private Chromium() {
    }

    static synchronized Path executable() {
        return find().orElseGet(() -> {
            install();
            return find().orElseThrow(() -> new IllegalStateException(
                    "apt-get installed chromium but no " + NAMES + " is on the PATH " + System.getenv("PATH")));
        });
    }

    private static Optional<Path> find() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void install() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("No chromium on the PATH. Install it once with: sudo apt-get install -y chromium");
        }
        System.out.println("No chromium on the PATH: installing Debian's chromium package");
        if (run("apt-get", "install", "-y", "chromium") != 0) {
            // A fresh machine may not have package lists yet.
            run("apt-get", "update");
            if (run("apt-get", "install", "-y", "chromium") != 0) {
                throw new IllegalStateException("apt-get install -y chromium failed; see the output above");
            }
        }
    }

    private static int run(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            process.getOutputStream().close();
            if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + INSTALL_TIMEOUT_MINUTES + " minutes");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }
}
