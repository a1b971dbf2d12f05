package dev.apikeys.keycloak.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;

/**
 * A fresh PostgreSQL database for one test server, dropped when the server stops. The database lives on the
 * PostgreSQL every machine of this project's kind runs at 127.0.0.1:5432 (trust authentication), as identity teams
 * run Keycloak on PostgreSQL; {@code -Dit.db.host/port/user/password} point elsewhere. When nothing answers there,
 * the test run starts its own PostgreSQL from Maven Central ({@link LocalPostgres}) and uses that for the whole JVM.
 */
final class TestDatabase implements AutoCloseable {

    private static final String CONFIGURED_HOST = System.getProperty("it.db.host", "127.0.0.1");
    private static final int CONFIGURED_PORT = Integer.getInteger("it.db.port", 5432);
    private static final String CONFIGURED_USER = System.getProperty("it.db.user", "postgres");
    private static final String CONFIGURED_PASSWORD = System.getProperty("it.db.password", "postgres");

    /** The server of this JVM, chosen by the first database; null until then. */
    private static Server server;

    private static final Set<TestDatabase> OPEN = ConcurrentHashMap.newKeySet();

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    static TestDatabase create(String keycloakVersion) {
        Server server = server();
        String name = "kc_it_" + keycloakVersion.replace('.', '_') + "_" + UUID.randomUUID().toString().substring(0, 8);
        server.admin("CREATE DATABASE " + name);
        if (server.local() != null) {
            server.local().hold();
        }
        TestDatabase database = new TestDatabase(name);
        OPEN.add(database);
        return database;
    }

    /** Keycloak's options for this database. */
    List<String> keycloakOptions() {
        Server server = server();
        return List.of("--db=postgres", "--db-url=" + server.url(name), "--db-username=" + server.user(),
                "--db-password=" + server.password());
    }

    /** Hands the {@link RunGuard} the hashes of the open databases, which no server log may show. */
    static void recordHashesOfOpenDatabases() {
        OPEN.forEach(TestDatabase::recordHashes);
    }

    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        recordHashes();
        Server server = server();
        try {
            server.admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException e) {
            System.err.println("Could not drop the test database " + name + ": " + e.getMessage());
        } finally {
            if (server.local() != null) {
                server.local().release();
            }
        }
    }

    /** The configured server when it answers, else the one this JVM starts; decided once per JVM. */
    private static synchronized Server server() {
        if (server == null) {
            if (answers()) {
                server = new Server(CONFIGURED_HOST, CONFIGURED_PORT, CONFIGURED_USER, CONFIGURED_PASSWORD, null);
                System.out.println("Test databases on PostgreSQL at " + CONFIGURED_HOST + ":" + CONFIGURED_PORT);
            } else {
                LocalPostgres local = LocalPostgres.start();
                server = new Server(LocalPostgres.HOST, local.port(), LocalPostgres.USER, "postgres", local);
                System.out.println("No PostgreSQL at " + CONFIGURED_HOST + ":" + CONFIGURED_PORT + "; started PostgreSQL "
                        + local.version() + " from Maven Central at " + LocalPostgres.HOST + ":" + local.port());
            }
        }
        return server;
    }

    private void recordHashes() {
        try (Connection connection = DriverManager.getConnection(server().url(name), server().user(),
                server().password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT secret_data FROM credential WHERE type = '"
                     + ApiKeyCredentialModel.TYPE + "'")) {
            while (rows.next()) {
                RunGuard.record(RunGuard.Kind.HASH, Json.parse(rows.getString(1)).path("hash").asText());
            }
        } catch (SQLException noKeycloakTablesYet) {
            System.err.println("No API key hashes read from " + name + ": " + noKeycloakTablesYet.getMessage());
        }
    }

    private static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(CONFIGURED_HOST, CONFIGURED_PORT), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the test databases live; {@code local} is null for the configured server. */
    private record Server(String host, int port, String user, String password, LocalPostgres local) {

        void admin(String sql) {
            try (Connection connection = DriverManager.getConnection(url("postgres"), user, password);
                 Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " failed on " + host + ":" + port + ": " + e.getMessage(), e);
            }
        }

        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }
}
