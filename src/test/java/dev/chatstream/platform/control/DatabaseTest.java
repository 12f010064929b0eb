package dev.chatstream.platform.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    private static PersistenceException failed(SQLException cause) {
        return new PersistenceException("the transaction failed", new RuntimeException("the provider's wrapper", cause));
    }

    @Test
    void aConnectionTheDatabaseClosedIsLost() {
        assertTrue(Database.lostConnection(failed(new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(Database.lostConnection(failed(new SQLException("An I/O error occurred while sending to the backend", "08006"))));
    }

    @Test
    void aFullPoolOrABadStatementIsNot() {
        assertFalse(Database.lostConnection(failed(new SQLTransientConnectionException("request timed out after 10000ms", "08001"))),
                "running again would only wait for the pool a second time");
        assertFalse(Database.lostConnection(failed(new SQLException("duplicate key value", "23505"))));
        assertFalse(Database.lostConnection(new PersistenceException("no SQL beneath")));
    }
}
