package dev.apikeys.keycloak.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

final class DistributionServer implements ServerRuntime {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final int LOG_TAIL_LINES = 60;
    private static final String PROVIDER_GLOB = "keycloak-api-keys*.jar";
    private static final String MANAGEMENT_PORT = "--http-management-port=";
    /** A build option: {@code start-dev} takes it as it is, a production node needs it at {@code kc.sh build}. */
    static final String METRICS = "--metrics-enabled=true";
    /** Keycloak's user-event metrics, which count key checks by outcome (GatewayIT reads them). */
    static final List<String> EVENT_METRICS = List.of("--event-metrics-user-enabled=true", "--event-metrics-user-tags=realm,clientId");

    private final Process process;
    private final String baseUrl;
    private final Path log;
    private final TestDatabase database;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final RunGuard.Watched watched;
    private final URI metrics;

    private DistributionServer(Process process, String baseUrl, Path log, TestDatabase database, URI metrics) {
        this.process = process;
        this.metrics = metrics;
        this.baseUrl = baseUrl;
        this.log = log;
        this.database = database;
        this.watched = RunGuard.watch(baseUrl, log, metrics);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-distribution-stop"));
    }

    static DistributionServer start(HarnessSettings settings, HttpClient http) {
        Path dist = settings.distDir();
        Path launcher = dist.resolve("bin/kc.sh");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("No Keycloak distribution at " + dist
                    + ": the pre-integration-test phase unpacks it, run the integration tests with mvn verify");
        }
        try {
            installProvider(settings.providerJar(), dist.resolve("providers"));
            Files.copy(settings.probeJar(), dist.resolve("providers").resolve(settings.probeJar().getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(settings.workDir());
            Files.deleteIfExists(settings.logFile());
            int[] ports = freePorts(2);
            TestDatabase database = TestDatabase.create(settings.keycloakVersion());
            List<String> options = devOptions(ports[0], ports[1]);
            options.addAll(database.keycloakOptions());
            options.addAll(settings.serverOptions());
            return launch(dist, options, ports[0], settings.logFile(), http, database);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Keycloak from " + dist, e);
        }
    }

    /**
     * {@code start-dev} on these ports, with the extension's debug logging and the HTTP metrics that {@link RunGuard}
     * counts answers with.
     */
    static List<String> devOptions(int httpPort, int managementPort) {
        List<String> options = new ArrayList<>(List.of("start-dev", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--log-level=" + KeycloakServer.LOG_LEVEL, METRICS));
        options.addAll(EVENT_METRICS);
        return options;
    }

    /**
     * Runs {@code kc.sh} of {@code dist} with the options (admin and pepper from the environment), appending its
     * output to {@code log}, and waits until it answers on {@code httpPort}.
     *
     * @param database dropped when this server stops; null when somebody else owns it
     */
    static DistributionServer launch(Path dist, List<String> options, int httpPort, Path log, HttpClient http,
                                     TestDatabase database) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(dist.resolve("bin/kc.sh").toString());
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dist.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USERNAME);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(HarnessSettings.ENVIRONMENT);
        System.out.println("Starting Keycloak: " + String.join(" ", command));
        URI metrics = options.stream()
                .filter(option -> option.startsWith(MANAGEMENT_PORT))
                .map(option -> URI.create("http://localhost:" + option.substring(MANAGEMENT_PORT.length()) + "/metrics"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the run guard reads the metrics on " + MANAGEMENT_PORT));
        DistributionServer server = new DistributionServer(builder.start(), "http://localhost:" + httpPort, log, database,
                metrics);
        try {
            server.awaitReady(http);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Ends the server as a crash would: SIGKILL, no shutdown hooks, no goodbye to the cluster. */
    void kill() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        watched.stopping();
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new)).join();
        if (database != null) {
            database.close();
        }
    }

    @Override
    public URI metrics() {
        return metrics;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady(HttpClient http) {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (answersOk(http, probe)) {
                return;
            }
            if (exitsWithin(POLL_INTERVAL)) {
                throw failure("Keycloak exited with code " + process.exitValue() + " before it was ready");
            }
        }
        throw failure("Keycloak did not answer 200 on " + probe.uri() + " within " + BOOT_TIMEOUT.toSeconds() + " s");
    }

    private static boolean answersOk(HttpClient http, HttpRequest probe) {
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    private boolean exitsWithin(Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    private IllegalStateException failure(String message) {
        return new IllegalStateException(
                message + TestFiles.tail(log, LOG_TAIL_LINES));
    }


    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (process.isAlive()) {
            watched.stopping();
        }
        System.out.println("Stopping Keycloak (pid " + process.pid() + ")");
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            System.err.println("Keycloak did not stop within " + STOP_TIMEOUT.toSeconds() + " s, killing it");
            tree.forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        if (database != null) {
            database.close();
        }
    }

    static void installProvider(Path providerJar, Path providers) throws IOException {
        Files.createDirectories(providers);
        try (DirectoryStream<Path> previous = Files.newDirectoryStream(providers, PROVIDER_GLOB)) {
            for (Path jar : previous) {
                Files.delete(jar);
            }
        }
        Files.copy(providerJar, providers.resolve(providerJar.getFileName()));
    }

    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
