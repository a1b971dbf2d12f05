package dev.apikeys.keycloak.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keycloak as identity teams run it: production mode ({@code kc.sh build --db=postgres} once, then {@code start
 * --optimized} per node), Keycloak's default cache stack with JDBC_PING discovery through one PostgreSQL database,
 * two nodes on this machine with their own HTTP, management and cache ports. Every node has the same
 * {@code --hostname}, as behind a load balancer, so tokens of one node are valid on the other.
 */
final class KeycloakCluster implements AutoCloseable {

    private static final String HOSTNAME = "http://keycloak.cluster.test";

    private final Path dist;
    private final Path workDir;
    private final TestDatabase database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Node> nodes = new ArrayList<>();

    private KeycloakCluster(Path dist, Path workDir, TestDatabase database) {
        this.dist = dist;
        this.workDir = workDir;
        this.database = database;
    }

    /** A private copy of the distribution (the matrix's server runs from the original), built for PostgreSQL. */
    static KeycloakCluster build() {
        HarnessSettings settings = HarnessSettings.fromSystemProperties();
        Path workDir = settings.workDir().resolveSibling("cluster");
        Path dist = workDir.resolve("keycloak");
        try {
            TestFiles.deleteRecursively(workDir);
            copyRecursively(settings.distDir(), dist);
            DistributionServer.installProvider(settings.providerJar(), dist.resolve("providers"));
            Process build = new ProcessBuilder(dist.resolve("bin/kc.sh").toString(), "build", "--db=postgres",
                            DistributionServer.METRICS)
                    .directory(dist.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("build.log").toFile())
                    .start();
            if (build.waitFor() != 0) {
                throw new IllegalStateException("kc.sh build failed, see " + workDir.resolve("build.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new KeycloakCluster(dist, workDir, TestDatabase.create(settings.keycloakVersion()));
    }

    /** One node: a server of its own, with the ports it keeps across restarts. */
    final class Node {

        private final String name;
        private final int[] ports;
        private DistributionServer process;
        private KeycloakServer server;

        private Node(String name) throws IOException {
            this.name = name;
            this.ports = DistributionServer.freePorts(3);
        }

        KeycloakServer server() {
            return server;
        }

        Path log() {
            return workDir.resolve(name + ".log");
        }

        void start() {
            List<String> options = new ArrayList<>(List.of("start", "--optimized",
                    "--http-enabled=true", "--hostname=" + HOSTNAME, "--hostname-strict=false",
                    "--http-port=" + ports[0], "--http-management-port=" + ports[1],
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + ports[2],
                    "--log-level=" + KeycloakServer.LOG_LEVEL));
            options.addAll(database.keycloakOptions());
            try {
                process = DistributionServer.launch(dist, options, ports[0], log(), http, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = KeycloakServer.of(process, log());
        }

        /** SIGKILL: the node disappears without leaving the cluster. */
        void kill() {
            process.kill();
        }

        void stop() {
            process.close();
        }
    }

    Node node(String name) {
        try {
            Node node = new Node(name);
            nodes.add(node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(node -> {
            if (node.process != null) {
                node.stop();
            }
        });
        database.close();
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
