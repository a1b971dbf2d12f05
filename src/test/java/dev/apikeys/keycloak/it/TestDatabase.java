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
 * A fresh PostgreSQL database for one test server, on the PostgreSQL every machine of this project's kind runs at
 * 127.0.0.1:5432 (trust authentication), as identity teams run Keycloak on PostgreSQL. Dropped when the server
 * stops. {@code -Dit.db.host/port/user} point elsewhere.
 */
final class TestDatabase implements AutoCloseable {

    private static final String HOST = System.getProperty("it.db.host", "127.0.0.1");
    private static final int PORT = Integer.getInteger("it.db.port", 5432);
    private static final String USER = System.getProperty("it.db.user", "postgres");
    private static final String PASSWORD = System.getProperty("it.db.password", "postgres");

    private static final Set<TestDatabase> OPEN = ConcurrentHashMap.newKeySet();

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    static TestDatabase create(String keycloakVersion) {
        if (!answers()) {
            throw new IllegalStateException("No PostgreSQL answers at " + HOST + ":" + PORT + ". The integration tests "
                    + "run Keycloak on PostgreSQL: start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) "
                    + "or point -Dit.db.host/-Dit.db.port/-Dit.db.user at one");
        }
        String name = "kc_it_" + keycloakVersion.replace('.', '_') + "_" + UUID.randomUUID().toString().substring(0, 8);
        admin("CREATE DATABASE " + name);
        TestDatabase database = new TestDatabase(name);
        OPEN.add(database);
        return database;
    }

    /** Keycloak's options for this database. */
    List<String> keycloakOptions() {
        return List.of("--db=postgres", "--db-url=" + url(name), "--db-username=" + USER, "--db-password=" + PASSWORD);
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
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException e) {
            System.err.println("Could not drop the test database " + name + ": " + e.getMessage());
        }
    }

    private void recordHashes() {
        try (Connection connection = DriverManager.getConnection(url(name), USER, PASSWORD);
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
            socket.connect(new InetSocketAddress(HOST, PORT), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + HOST + ":" + PORT + ": " + e.getMessage(), e);
        }
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }
}
