package dev.chatstream.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.chat.control.Generations;
import dev.chatstream.chat.control.Subscriber;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;
import io.lettuce.core.XAddArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The journal against the machine's real Redis (127.0.0.1:6379, under a key prefix of this test's own): two
 * servers, one writing a reply's events, the other following them — from any id, while they are written, and
 * when the journal broke off.
 */
class RedisJournalTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LocalRedis redis = new LocalRedis();
    private final UUID sessionId = UUID.randomUUID();
    private final UUID replyId = UUID.randomUUID();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void aReaderElsewhereGetsExactlyTheEventsAfterItsLastId() throws Exception {
        RedisJournal writer = journal(1000);
        RedisJournal follower = journal(1000);
        Reader live = new Reader();
        assertTrue(follower.follow(replyId, 0, live, true), "waits for a reply about to start");
        List<ChatEvent> sent = writeReply(writer, 50);

        assertEquals(sent, live.events(), "every event, live, in order");
        Reader resumed = new Reader();
        assertTrue(follower.follow(replyId, 20, resumed, false));
        resumed.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(sent.subList(20, sent.size()), resumed.events());
        assertEquals(21, resumed.ids.get(0));
        assertEquals(sent.size(), resumed.ids.get(resumed.ids.size() - 1));
    }

    @Test
    void aReaderAttachingWhileTheReplyIsWrittenMissesNothingAndGetsNothingTwice() throws Exception {
        RedisJournal writer = journal(100_000);
        RedisJournal follower = journal(100_000);
        Reader first = new Reader();
        follower.follow(replyId, 0, first, true);
        CompletableFuture<List<ChatEvent>> writing = CompletableFuture.supplyAsync(() -> writeReply(writer, 3000));
        assertTrue(first.seen.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the reply is being written");

        Reader late = new Reader();
        assertTrue(follower.follow(replyId, 5, late, false));
        List<ChatEvent> sent = writing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        late.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<Long> expected = new ArrayList<>();
        for (long id = 6; id <= sent.size(); id++) {
            expected.add(id);
        }
        assertEquals(expected, late.ids, "ids gapless from the one after Last-Event-ID");
        assertEquals(sent.subList(5, sent.size()), late.events());
    }

    @Test
    void aReplyTheJournalDoesNotHoldIsNotFollowed() {
        assertFalse(journal(10).follow(UUID.randomUUID(), 0, new Reader(), false));
    }

    @Test
    void whenTheBufferIsFullTheReplyEndsInACutAndReadersAreToldToComeBack() throws Exception {
        RedisJournal writer = journal(0); // every event finds the buffer full
        RedisJournal follower = journal(10);
        Reader live = new Reader();
        follower.follow(replyId, 0, live, true);
        List<ChatEvent> sent = writeReply(writer, 5);

        ChatEvent.Error error = live.failed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("stream_interrupted", error.code());
        assertTrue(error.retryable());
        assertEquals(List.of(), live.events(), "nothing from an incomplete journal");
        assertEquals(sent.size(), writer.dropped(), "every event of the reply, none journaled");
        assertFalse(follower.follow(replyId, 0, new Reader(), false), "the stored reply answers the next attempt");
    }

    @Test
    void theStreamOfAReplyWhoseServerDiedEndsOnceForEveryReader() throws Exception {
        RedisJournal writer = journal(100);
        RedisJournal survivor = journal(100);
        Reader live = new Reader();
        survivor.follow(replyId, 0, live, true);
        writer.record(replyId, new EventFrame(1, start()));
        for (int i = 2; i <= 4; i++) {
            writer.record(replyId, new EventFrame(i, new ChatEvent.Content(sessionId, "piece " + i)));
        }
        live.awaitEvents(4);

        ChatEvent.Done interrupted = done("interrupted");
        survivor.endOrphan(replyId, interrupted);
        survivor.endOrphan(replyId, interrupted);

        live.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), live.ids);
        assertEquals(interrupted, live.events().get(4));
        assertEquals(5, survivor.redis.commands().sync().xlen(redis.prefix + "reply:" + replyId), "ended once");
    }

    @Test
    void aLastEntryThatRedisTookLateIsNotWrittenAgainAndItsStreamStillExpires() throws Exception {
        RedisJournal writer = journal(100);
        String stream = redis.prefix + "reply:" + replyId;
        writer.record(replyId, new EventFrame(1, start()));
        writer.record(replyId, new EventFrame(2, new ChatEvent.Content(sessionId, "piece")));
        Reader live = new Reader();
        journal(100).follow(replyId, 0, live, true);
        live.awaitEvents(2);
        ChatEvent.Done done = done("stop");
        // the writer's own write of its last entry timed out, yet Redis applied it
        writer.redis.commands().sync().xadd(stream, new XAddArgs().id("3-0"), Map.of("e", done.toJson(), "t", "1"));

        writer.record(replyId, new EventFrame(3, done)); // now refused: the stream holds id 3
        until(() -> writer.dropped() == 1, "Redis refused the write");
        writer.heartbeat();
        writer.heartbeat();
        UUID later = UUID.randomUUID(); // written after anything the heartbeats might have queued
        writer.record(later, new EventFrame(1, new ChatEvent.Start(sessionId, UUID.randomUUID(), later, "assistant", "m")));
        until(() -> writer.redis.commands().sync().xlen(redis.prefix + "reply:" + later) == 1, "a later write");

        assertEquals(1, writer.dropped(), "ended at the first heartbeat, not tried again at every one");
        assertEquals(3, writer.redis.commands().sync().xlen(stream), "nothing appended after its last entry");
        long expiresIn = writer.redis.commands().sync().pttl(stream);
        assertTrue(expiresIn > 0 && expiresIn <= Duration.ofMinutes(1).toMillis(), "expires after the retention: " + expiresIn);
    }

    /** Polls for what the journal's asynchronous writes reach in their own time. */
    private static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + WAIT + ": " + what);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private List<ChatEvent> writeReply(RedisJournal writer, int pieces) {
        List<ChatEvent> events = new ArrayList<>();
        events.add(start());
        for (int i = 0; i < pieces; i++) {
            events.add(new ChatEvent.Content(sessionId, "piece " + i + " "));
        }
        events.add(done("stop"));
        for (int i = 0; i < events.size(); i++) {
            writer.record(replyId, new EventFrame(i + 1, events.get(i)));
        }
        return events;
    }

    private ChatEvent.Start start() {
        return new ChatEvent.Start(sessionId, UUID.randomUUID(), replyId, "assistant", "m");
    }

    private ChatEvent.Done done(String finishReason) {
        return new ChatEvent.Done(sessionId, UUID.randomUUID(), replyId, finishReason, null, "m", null);
    }

    private RedisJournal journal(int capacity) {
        RedisJournal journal = new RedisJournal();
        journal.redis = redis.connect();
        journal.generations = new Generations();
        journal.threads = redis.threads;
        journal.retention = Duration.ofMinutes(1);
        journal.heartbeat = Duration.ofSeconds(15);
        journal.longestReply = Duration.ofMinutes(5);
        journal.capacity = capacity;
        journal.start();
        return journal;
    }

    /** What one reader was handed. */
    static final class Reader implements Subscriber {
        final List<Long> ids = new ArrayList<>();
        final List<ChatEvent> received = new ArrayList<>();
        final CountDownLatch seen = new CountDownLatch(1);
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final CompletableFuture<ChatEvent.Error> failed = new CompletableFuture<>();

        @Override
        public synchronized boolean deliver(EventFrame frame) {
            long id = frame.id();
            ChatEvent event = frame.event();
            ids.add(id);
            received.add(event);
            seen.countDown();
            notifyAll();
            return true;
        }

        @Override
        public boolean ping() {
            return true;
        }

        @Override
        public void close() {
            ended.complete(null);
        }

        @Override
        public void fail(ChatEvent.Error error) {
            failed.complete(error);
            ended.complete(null);
        }

        /** Everything handed over, once the reader has ended. */
        List<ChatEvent> events() throws Exception {
            ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            synchronized (this) {
                return List.copyOf(received);
            }
        }

        synchronized void awaitEvents(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "only " + received.size() + " of " + count + " events arrived");
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
