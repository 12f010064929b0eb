package dev.chatstream.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chatstream.platform.control.SchemaMigration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * V7 turns the flat conversations of a database filled by the schema before it into single branches: each message
 * follows the one stored before it, each session shows its last message, and no text is lost. On H2 and on the local
 * PostgreSQL, with the migrations the server runs there (on PostgreSQL also its full-text column, filled for the old
 * messages).
 */
class MessageTreeMigrationTest {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyExistingSessionBecomesOneBranchInItsOldOrder(String database) throws SQLException {
        String schema = "tree_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = database.equals("h2") ? "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1" : POSTGRES;
        String user = database.equals("h2") ? "sa" : "postgres";
        Flyway before = flyway(url, user, schema, "6");
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            before.migrate();
            connection.setSchema(schema);
            UUID talk = session(connection);
            UUID empty = session(connection);
            List<UUID> stored = new ArrayList<>();
            for (String role : List.of("USER", "ASSISTANT", "USER", "ASSISTANT", "USER", "ASSISTANT")) {
                stored.add(message(connection, talk, role));
            }
            UUID otherSession = session(connection);
            UUID other = message(connection, otherSession, "USER");

            Map<UUID, String> texts = texts(connection);

            flyway(url, user, schema, "latest").migrate();

            assertEquals(texts, texts(connection), "every message keeps its text");

            assertNull(parent(connection, stored.get(0)), "a conversation's first message has no parent");
            for (int i = 1; i < stored.size(); i++) {
                assertEquals(stored.get(i - 1), parent(connection, stored.get(i)), "message " + i + " follows the one before");
            }
            assertNull(parent(connection, other), "sessions do not run into each other");
            assertEquals(stored.get(stored.size() - 1), leaf(connection, talk));
            assertEquals(other, leaf(connection, otherSession));
            assertNull(leaf(connection, empty));
            if (database.equals("postgresql")) {
                assertEquals(3, uuids(connection, "SELECT id FROM chat_message WHERE session_id = ? "
                        + "AND content_search @@ to_tsquery('simple', 'assistant')", talk).size(),
                        "old replies are found by the session search");
            }
        } finally {
            if (database.equals("postgresql")) {
                try (Connection connection = DriverManager.getConnection(url, user, "");
                     Statement drop = connection.createStatement()) {
                    drop.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static Flyway flyway(String url, String user, String schema, String target) {
        return Flyway.configure().dataSource(url, user, "").schemas(schema).defaultSchema(schema)
                .locations(SchemaMigration.locations(url.startsWith("jdbc:postgresql:"))).target(target).load();
    }

    private static UUID session(Connection connection) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO chat_session "
                + "(id, owner_subject, owner_tenant, assistant, created_at, updated_at) VALUES (?, 'alice', 'acme', 'default', ?, ?)")) {
            insert.setObject(1, id);
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        return id;
    }

    private static UUID message(Connection connection, UUID session, String role) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO chat_message "
                + "(id, session_id, role, content, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'COMPLETE', ?, ?)")) {
            insert.setObject(1, id);
            insert.setObject(2, session);
            insert.setString(3, role);
            insert.setString(4, role.toLowerCase() + " text");
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.setTimestamp(6, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        return id;
    }

    private static UUID parent(Connection connection, UUID message) throws SQLException {
        return uuid(connection, "SELECT parent_id FROM chat_message WHERE id = ?", message);
    }

    private static UUID leaf(Connection connection, UUID session) throws SQLException {
        return uuid(connection, "SELECT current_leaf FROM chat_session WHERE id = ?", session);
    }

    private static UUID uuid(Connection connection, String sql, UUID id) throws SQLException {
        return uuids(connection, sql, id).get(0);
    }

    private static List<UUID> uuids(Connection connection, String sql, UUID id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, id);
            List<UUID> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getObject(1, UUID.class));
                }
            }
            return found;
        }
    }

    private static Map<UUID, String> texts(Connection connection) throws SQLException {
        Map<UUID, String> texts = new HashMap<>();
        try (Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT id, role, content FROM chat_message")) {
            while (rows.next()) {
                texts.put(rows.getObject(1, UUID.class), rows.getString(2) + ": " + rows.getString(3));
            }
        }
        return texts;
    }
}
