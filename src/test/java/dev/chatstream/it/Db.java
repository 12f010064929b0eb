package dev.chatstream.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the server's database directly, to check what was really stored. */
final class Db {

    private Db() {
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"),
                System.getProperty("it.db.user"), System.getProperty("it.db.password"));
    }

    static Map<String, Object> message(UUID id) {
        List<Map<String, Object>> rows = query("SELECT * FROM chat_message WHERE id = ?", id);
        if (rows.isEmpty()) {
            throw new AssertionError("message " + id + " is not stored");
        }
        return rows.get(0);
    }

    static List<Map<String, Object>> messagesOf(UUID sessionId) {
        return query("SELECT * FROM chat_message WHERE session_id = ? ORDER BY seq", sessionId);
    }

    static Map<String, Object> session(UUID id) {
        List<Map<String, Object>> rows = query("SELECT * FROM chat_session WHERE id = ?", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static void execute(String sql) {
        try (Connection connection = connect(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs an INSERT, UPDATE or DELETE with parameters; returns how many rows it changed. */
    static int update(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = connect()) {
            return query(connection, sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The same on another database, such as the one of a server a test started itself. */
    static List<Map<String, Object>> queryAt(String url, String sql, Object... parameters) {
        return queryAs(url, "chatstream", "chatstream", sql, parameters);
    }

    /** The same on another database with another login, such as a PostgreSQL schema of servers a test started. */
    static List<Map<String, Object>> queryAs(String url, String user, String password, String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            return query(connection, sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void executeAs(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static List<Map<String, Object>> query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column).toLowerCase(), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
