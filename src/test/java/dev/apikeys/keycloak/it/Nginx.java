package dev.apikeys.keycloak.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx running one of the repository's gateway examples ({@code examples/gateways}) with its placeholders
 * filled in, in the foreground, from a directory of its own (pid, logs and temp files), so that the tested file is
 * the file users copy. nginx is found on the PATH or in /usr/sbin, where Debian puts it; when it is missing and the
 * tests run as root it is installed with apt-get, as the browser tests install Chromium; otherwise the failure says
 * how. (Where services may start, Debian's package also starts its own nginx on port 80; these tests do not use it.)
 */
final class Nginx implements AutoCloseable {

    private static final List<String> SEARCHED_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin");
    private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path dir;
    private final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Fills in {@code template} ({@code @LISTEN@} with a free port, the rest from {@code values}) and starts nginx
     * with it from {@code dir}, returning once it accepts connections.
     *
     * @param values placeholder (without its @) to value; every placeholder of the template must have one
     */
    static Nginx start(Path template, Map<String, String> values, Path dir) {
        Path executable = executable();
        try {
            TestFiles.deleteRecursively(dir);
            Files.createDirectories(dir);
            int port = DistributionServer.freePorts(1)[0];
            Path config = dir.resolve("nginx.conf");
            Files.writeString(config, fill(Files.readString(template, StandardCharsets.UTF_8), values, port, template));
            Process process = new ProcessBuilder(executable.toString(), "-p", dir + "/", "-c", config.toString(),
                    "-e", dir.resolve("error.log").toString(), "-g", "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            process.getOutputStream().close();
            Nginx nginx = new Nginx(process, dir, port);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start nginx from " + dir, e);
        }
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The end of nginx's logs and console output, for a failure message. */
    String logTail() {
        return TestFiles.tail(dir.resolve("error.log"), 40) + TestFiles.tail(dir.resolve("access.log"), 10)
                + TestFiles.tail(dir.resolve("nginx.out"), 20);
    }

    @Override
    public void close() {
        // SIGTERM: the master stops its workers and exits.
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String fill(String template, Map<String, String> values, int port, Path source) {
        String filled = template.replace("@LISTEN@", Integer.toString(port));
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("@" + value.getKey() + "@", value.getValue());
        }
        Matcher left = PLACEHOLDER.matcher(filled);
        if (left.find()) {
            throw new IllegalArgumentException(source + " has a placeholder the test does not fill in: " + left.group());
        }
        return filled;
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Pause.of(Duration.ofMillis(100));
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen on port " + port + " within " + START_TIMEOUT + logTail());
    }

    private static Path executable() {
        return DebianPackage.executable("nginx", List.of("nginx"), SEARCHED_DIRECTORIES);
    }
}
