package dev.chatstream.platform.entity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class CausesTest {

    private final Exception wrapped = new IllegalStateException("transaction failed",
            new RuntimeException("persistence failed", new SQLTransientConnectionException("no connection in time")));

    @Test
    void includeFindsAnyOfTheTypesBeneathTheWrappers() {
        assertTrue(Causes.include(wrapped, SQLTransientConnectionException.class));
        assertTrue(Causes.include(wrapped, InterruptedIOException.class, SQLTransientConnectionException.class));
        assertFalse(Causes.include(wrapped, InterruptedIOException.class));
        assertFalse(Causes.include(null, Exception.class));
    }

    @Test
    void findReturnsTheOuterMostCauseOfTheType() {
        assertSame(wrapped.getCause().getCause(), Causes.find(wrapped, SQLTransientConnectionException.class));
        assertSame(wrapped.getCause(), Causes.find(wrapped.getCause(), RuntimeException.class));
        assertNull(Causes.find(wrapped, InterruptedIOException.class));
    }

    @Test
    void rootIsTheInnermostCause() {
        assertSame(wrapped.getCause().getCause(), Causes.root(wrapped));
    }
}
