package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static dev.chatstream.it.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pool sizes come from configuration: the suite's server runs with {@code chatstream.db.pool.min} and
 * {@code .max} set (the pom's {@code it.db.pool.min} / {@code .max}, not the defaults 2 / 32), and PostgreSQL
 * shows what the pool makes of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolSizesPostgresIT extends ServerIT {

    private static final int MIN = Integer.getInteger("it.db.pool.min");
    private static final int MAX = Integer.getInteger("it.db.pool.max");

    /** Open connections of this build's server: they carry the same application name as the test's own. */
    private static long serverConnections(int... otherTestConnections) {
        StringBuilder sql = new StringBuilder("SELECT count(*) AS n FROM pg_stat_activity "
                + "WHERE application_name = current_setting('application_name') AND pid <> pg_backend_pid()");
        for (int pid : otherTestConnections) {
            sql.append(" AND pid <> ").append(pid);
        }
        return (Long) Db.query(sql.toString()).get(0).get("n");
    }

    private static long waitingFor(String table) {
        return (Long) Db.query("SELECT count(*) AS n FROM pg_locks WHERE relation = ?::regclass AND NOT granted", table)
                .get(0).get("n");
    }

    /** Who waits for a lock on table, for a failure's message. */
    private static String waiters(String table) {
        return Db.query("SELECT a.application_name, a.state, left(a.query, 80) AS query FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.relation = ?::regclass AND NOT l.granted", table).toString();
    }

    @Test
    @Order(1)
    void theServerKeepsTheMinimumOpen() throws InterruptedException {
        eventually(Duration.ofSeconds(30), () -> serverConnections() >= MIN);
    }

    @Test
    @Order(2)
    void withTheMaximumInUseARequestWaitsForAConnection() throws Exception {
        String token = api.token("pool-max-" + UUID.randomUUID());
        ExecutorService clients = Executors.newFixedThreadPool(MAX + 1);
        try (Connection lockHolder = Db.connect(); Statement statement = lockHolder.createStatement()) {
            lockHolder.setAutoCommit(false);
            statement.execute("LOCK TABLE chat_message IN ACCESS EXCLUSIVE MODE");
            int lockHolderPid;
            try (ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                lockHolderPid = pid.getInt(1);
            }
            // the session list of a user without sessions reads no messages: the lock does not hold it up
            expect(200, api.get("api/v1/sessions", token));

            // each usage report reads messages, so it holds a connection while it waits for the lock
            List<CompletableFuture<Integer>> reports = IntStream.range(0, MAX)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> api.get("api/v1/usage", token).statusCode(), clients))
                    .toList();
            // at least: a background task of the server's (a sweep, a checkpoint) may be waiting for the lock too
            eventually(Duration.ofSeconds(30), () -> waitingFor("chat_message") >= MAX, () -> waiters("chat_message"));
            eventually(Duration.ofSeconds(10), () -> serverConnections(lockHolderPid) == MAX, () -> waiters("chat_message"));

            // so the session list finds no connection now, and waits for one (up to the pool's 10 s)
            CompletableFuture<Integer> list = CompletableFuture.supplyAsync(() -> api.get("api/v1/sessions", token).statusCode(), clients);
            assertThrows(TimeoutException.class, () -> list.get(3, TimeUnit.SECONDS));

            lockHolder.rollback();
            assertEquals(200, list.get(30, TimeUnit.SECONDS));
            for (CompletableFuture<Integer> report : reports) {
                assertEquals(200, report.get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void aMessageThatFindsNoConnectionInTimeIsToldToComeBack() throws Exception {
        String token = api.token("pool-busy-" + UUID.randomUUID());
        ExecutorService clients = Executors.newFixedThreadPool(MAX);
        try (Connection lockHolder = Db.connect(); Statement statement = lockHolder.createStatement()) {
            lockHolder.setAutoCommit(false);
            statement.execute("LOCK TABLE chat_message IN ACCESS EXCLUSIVE MODE");
            List<CompletableFuture<Integer>> reports = IntStream.range(0, MAX)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> api.get("api/v1/usage", token).statusCode(), clients))
                    .toList();
            eventually(Duration.ofSeconds(30), () -> waitingFor("chat_message") >= MAX, () -> waiters("chat_message"));

            // every connection waits for the lock, longer than a request waits for a connection (10 s)
            HttpResponse<String> busy = api.post("api/v1/chat/messages", token, "{\"message\":\"is anyone there?\"}");

            assertEquals("server_busy", expect(503, busy).path("error").path("code").asText(), busy.body());
            assertTrue(busy.headers().firstValueAsLong("Retry-After").orElse(0) > 0, "says when to come back");
            lockHolder.rollback();
            for (CompletableFuture<Integer> report : reports) {
                assertEquals(200, report.get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(0, expect(200, api.get("api/v1/sessions", token)).path("data").size(),
                "the refused message was not saved");
    }
}
