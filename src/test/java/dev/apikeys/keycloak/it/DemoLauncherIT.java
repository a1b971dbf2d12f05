package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/**
 * The demo's launcher ({@code src/demo/run}, what {@code mvn -Pdemo package} runs) stops its servers whenever the demo
 * stops: when Maven is killed, and when the launcher itself is. Maven is played by a small Java program that starts
 * the launcher and pumps its output, as the exec plugin does; Keycloak by a stand-in {@code kc.sh} that, like the real
 * one, runs its server as a child process, so that only a launcher that stops the whole process group passes. The real
 * mail catcher runs, on free ports.
 */
final class DemoLauncherIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void killingMavenStopsTheServers() throws Exception {
        Demo demo = Demo.start("killed-maven");
        demo.maven().destroyForcibly();
        demo.assertStopped();
    }

    @Test
    void stoppingTheLauncherStopsTheServers() throws Exception {
        Demo demo = Demo.start("stopped-launcher");
        ProcessHandle launcher = demo.maven().toHandle().children().findFirst().orElseThrow();
        new ProcessBuilder("kill", "-TERM", Long.toString(launcher.pid())).start().waitFor();
        demo.assertStopped();
        await(() -> log(demo.dir()).contains("Demo stopped."), "the launcher says the demo stopped");
        demo.maven().destroyForcibly();
    }

    private record Demo(Process maven, Path dir, int[] ports, List<ProcessHandle> servers) {

        static Demo start(String name) throws Exception {
            Path dir = Path.of(System.getProperty("it.work.dir")).resolve("demo-launcher").resolve(name);
            if (Files.exists(dir)) {
                TestFiles.deleteRecursively(dir);
            }
            Path home = dir.resolve("keycloak");
            Files.createDirectories(home.resolve("bin"));
            Files.createDirectories(home.resolve("www/realms/demo/.well-known"));
            Files.writeString(home.resolve("www/realms/demo/.well-known/openid-configuration"), "{}");
            Path kc = home.resolve("bin/kc.sh");
            Files.writeString(kc, """
                    #!/usr/bin/env bash
                    # stands in for Keycloak's kc.sh: like it, runs the server as a child and waits for it
                    for arg; do case $arg in --http-port=*) port=${arg#*=};; esac; done
                    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$(dirname "$0")/../www" &
                    wait
                    """);
            assertTrue(kc.toFile().setExecutable(true));
            Path maven = dir.resolve("Maven.java");
            Files.writeString(maven, """
                    public class Maven {
                        public static void main(String[] command) throws Exception {
                            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
                            child.getInputStream().transferTo(System.out);
                        }
                    }
                    """);
            int[] ports = DistributionServer.freePorts(4);
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    maven.toString(), "bash", Path.of("src/demo/run").toAbsolutePath().toString(), home.toString(),
                    System.getProperty("mail.catcher.jar"), Integer.toString(ports[0]), Integer.toString(ports[1]),
                    Integer.toString(ports[2]), Integer.toString(ports[3]))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("demo.log").toFile())
                    .start();
            Demo demo = new Demo(process, dir, ports, new ArrayList<>());
            try {
                await(() -> log(dir).contains("Demo ready after"), "the demo says it is ready");
                for (int port : List.of(ports[0], ports[2], ports[3])) {
                    await(() -> DocsShellIT.listening(port), "port " + port + " listens while the demo runs");
                }
                process.descendants().forEach(demo.servers()::add);
                return demo;
            } catch (AssertionError | RuntimeException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw e;
            }
        }

        void assertStopped() {
            try {
                for (int port : List.of(ports[0], ports[2], ports[3])) {
                    await(() -> !DocsShellIT.listening(port), "port " + port + " is free once the demo stopped");
                }
                await(() -> servers.stream().noneMatch(ProcessHandle::isAlive), "every process of the demo ends");
            } finally {
                servers.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("demo.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " within " + WAIT.toSeconds() + " s");
            }
            Pause.of(Duration.ofMillis(200));
        }
    }
}
