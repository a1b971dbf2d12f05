package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The fallback for machines without PostgreSQL at 127.0.0.1:5432, started on every run (even where 5432 answers and
 * no other test needs it), so that it cannot break unnoticed.
 */
final class LocalPostgresIT {

    @Test
    void serverFromMavenCentralStoresAndReadsRows() throws SQLException {
        LocalPostgres postgres = LocalPostgres.start();
        String table = "local_postgres_it_" + UUID.randomUUID().toString().substring(0, 8);

        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), LocalPostgres.USER, "")) {
            assertEquals(16, connection.getMetaData().getDatabaseMajorVersion());
            assertTrue(postgres.version().startsWith("16."), postgres.version());
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (id integer PRIMARY KEY, label text NOT NULL)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                insert.setInt(1, 1);
                insert.setString(2, "größer \u2713");
                assertEquals(1, insert.executeUpdate());
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id, label FROM " + table)) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt("id"));
                assertEquals("größer \u2713", rows.getString("label"));
                assertFalse(rows.next());
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + table);
            }
        }
    }

    @Test
    void oneServerPerJvm() {
        assertSame(LocalPostgres.start(), LocalPostgres.start());
    }

    @Test
    void acceptsOnlyLoopbackTcp() throws SQLException {
        try (Connection connection = DriverManager.getConnection(LocalPostgres.start().jdbcUrl("postgres"),
                LocalPostgres.USER, "");
             Statement statement = connection.createStatement();
             ResultSet setting = statement.executeQuery("SHOW listen_addresses")) {
            assertTrue(setting.next());
            assertEquals(LocalPostgres.HOST, setting.getString(1));
        }
    }
}
