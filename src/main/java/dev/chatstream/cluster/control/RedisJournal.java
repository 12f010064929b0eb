package dev.chatstream.cluster.control;

import dev.chatstream.chat.control.Generations;
import dev.chatstream.chat.control.ReplyJournal;
import dev.chatstream.chat.control.Subscriber;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;
import dev.chatstream.platform.control.BackgroundThreads;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The reply journal of a cluster, in Redis. Each event of a reply generated here is appended to a Redis Stream
 * of that reply whose entry ids are the SSE ids ({@code <n>-0}) and published on the reply's channel. A server
 * that follows a reply subscribes to the channel first, then reads the stream after the reader's last id, and
 * drops live events the read already gave it: no gap, no duplicate.
 * <p>
 * Writing is off the token path: events wait in a bounded queue that one virtual thread at a time drains into a
 * pipeline, flushed once per batch of what is queued, never waiting for an answer. An event that finds the queue
 * full, or that Redis refuses, is not journaled, and neither is the rest of its reply: it ends in a {@value #CUT}
 * entry, and readers elsewhere are told to come back, when the stored reply answers them (counted in
 * {@code chatstream_journal_dropped}). Streams expire {@code chatstream.stream.retention} after their end.
 * <p>
 * A write Redis has not acknowledged in time may still have been applied. So a reply whose last entry failed is
 * ended at the next heartbeat the way a dead server's reply is, by appending after whatever the stream holds
 * unless it already ends: never by writing the same id again, which Redis refuses once the late write is in.
 */
@ApplicationScoped
@Typed(RedisJournal.class)
public class RedisJournal implements ReplyJournal {

    private static final Logger LOG = Logger.getLogger(RedisJournal.class.getName());
    /** The payload of the last entry of a reply whose journal is incomplete. */
    static final String CUT = "cut";
    private static final String EVENT = "e";
    private static final String TERMINAL = "t";
    private static final int FLUSH_EVERY = 256;

    /** Ends the stream of a reply unless it has ended: appends a terminal event after the last, and lets it expire. */
    private static final String END_STREAM = """
            local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
            if #last == 0 then return 0 end
            local fields = last[1][2]
            for i = 1, #fields, 2 do if fields[i] == 't' then return 0 end end
            local id = tonumber(string.match(last[1][1], '^(%d+)')) + 1
            redis.call('XADD', KEYS[1], id .. '-0', 'e', ARGV[1], 't', '1')
            redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return id
            """;

    @Inject
    Redis redis;

    @Inject
    Generations generations;

    @Inject
    BackgroundThreads threads;

    @Inject
    @ConfigProperty(name = "chatstream.stream.retention", defaultValue = "PT2M")
    Duration retention;

    @Inject
    @ConfigProperty(name = "chatstream.stream.heartbeat", defaultValue = "PT15S")
    Duration heartbeat;

    /** A reply cannot outlive its model call: a stream whose server died expires after this at the latest. */
    @Inject
    @ConfigProperty(name = "chatstream.model.request-timeout", defaultValue = "PT30M")
    Duration longestReply;

    @Inject
    @ConfigProperty(name = "chatstream.redis.publish-buffer", defaultValue = "65536")
    int capacity;

    private record Entry(UUID replyId, long id, String payload, boolean terminal) {
    }

    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Replies whose journal broke off: nothing more of them is written but the final {@value #CUT}. */
    private final Set<UUID> cut = ConcurrentHashMap.newKeySet();
    /** Replies whose last entry could not be written: ended at the next heartbeat. */
    private final Set<UUID> unended = ConcurrentHashMap.newKeySet();
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private final ReentrantLock subscribing = new ReentrantLock();
    private String cancels;
    private final LongAdder dropped = new LongAdder();
    private ScheduledFuture<?> heartbeats;

    /** The readers on this server of one reply generated elsewhere, and their subscription to its channel. */
    private record Followed(Set<RemoteReader> readers, RedisFuture<Void> subscribed) {
    }

    @PostConstruct
    void start() {
        cancels = redis.key("cancel");
        redis.subscriptions().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received(channel, message);
            }
        });
        redis.client().addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == redis.subscriptions()) {
                    interruptAll(); // live events published meanwhile are lost to this server
                }
            }
        });
        await(redis.subscriptions().async().subscribe(cancels));
        heartbeats = threads.every(heartbeat, this::heartbeat);
    }

    @PreDestroy
    void stop() {
        heartbeats.cancel(false);
    }

    /** Events not journaled since the start: the buffer was full, or Redis refused them. */
    public long dropped() {
        return dropped.sum();
    }

    /** Events waiting to be written to Redis. */
    public int queued() {
        return queued.get();
    }

    @Override
    public void record(UUID replyId, EventFrame frame) {
        long id = frame.id();
        boolean terminal = frame.event().terminal();
        if (cut.contains(replyId)) {
            dropped.increment();
            if (terminal) {
                cut.remove(replyId);
                enqueue(new Entry(replyId, id, CUT, true));
            }
            return;
        }
        if (!terminal && queued.get() >= capacity) {
            cut.add(replyId);
            dropped.increment();
            return;
        }
        enqueue(new Entry(replyId, id, frame.json(), terminal));
    }

    private void enqueue(Entry entry) {
        queue.offer(entry);
        queued.incrementAndGet();
        if (writing.compareAndSet(false, true)) {
            threads.contextFree().execute(this::drain);
        }
    }

    /** Writes what is queued; whoever queues while this finishes starts the next drain, or this goes on. */
    private void drain() {
        RedisAsyncCommands<String, String> out = redis.pipeline().async();
        do {
            try {
                int written = 0;
                for (Entry entry = queue.poll(); entry != null; entry = queue.poll()) {
                    queued.decrementAndGet();
                    write(out, entry);
                    if (++written % FLUSH_EVERY == 0) {
                        redis.pipeline().flushCommands();
                    }
                }
                redis.pipeline().flushCommands();
            } catch (RuntimeException unexpected) {
                LOG.log(Level.WARNING, "Writing the reply journal failed", unexpected);
            } finally {
                writing.set(false);
            }
        } while (!queue.isEmpty() && writing.compareAndSet(false, true));
    }

    private void write(RedisAsyncCommands<String, String> out, Entry entry) {
        String stream = streamOf(entry.replyId());
        Map<String, String> body = entry.terminal() ? Map.of(EVENT, entry.payload(), TERMINAL, "1") : Map.of(EVENT, entry.payload());
        out.xadd(stream, new XAddArgs().id(entry.id() + "-0"), body).whenComplete((added, failed) -> {
            if (failed != null) {
                notWritten(entry, failed);
            }
        });
        out.publish(channelOf(entry.replyId()), entry.id() + " " + entry.payload());
        if (entry.id() == 1) {
            out.pexpire(stream, longestReply.plus(retention));
        }
        if (entry.terminal()) {
            out.pexpire(stream, retention);
        }
    }

    private void notWritten(Entry entry, Throwable failure) {
        dropped.increment();
        if (entry.terminal()) {
            unended.add(entry.replyId());
        } else {
            cut.add(entry.replyId());
        }
        LOG.log(Level.FINE, "Event " + entry.id() + " of reply " + entry.replyId() + " was not journaled", failure);
    }

    /** Pings the readers of replies generated elsewhere, and ends the journals whose last entry failed. */
    void heartbeat() {
        followed.values().forEach(replies -> replies.readers().forEach(RemoteReader::ping));
        for (UUID replyId : unended) {
            try {
                endStream(replyId, CUT);
                unended.remove(replyId);
            } catch (Unavailable stillFailing) { // the rest would wait out Redis's timeout one by one
                LOG.log(Level.FINE, "Journals whose last entry failed could not be ended; next heartbeat", stillFailing);
                break;
            }
        }
    }

    @Override
    public boolean follow(UUID replyId, long afterId, Subscriber reader, boolean awaitStart) {
        String channel = channelOf(replyId);
        RemoteReader remote = new RemoteReader(channel, afterId, reader);
        try {
            await(join(channel, remote));
            String stream = streamOf(replyId);
            RedisAsyncCommands<String, String> commands = redis.commands().async();
            RedisFuture<List<StreamMessage<String, String>>> first = commands.xrange(stream, Range.create("1-0", "1-0"));
            RedisFuture<List<StreamMessage<String, String>>> after = commands.xrange(stream,
                    Range.from(Range.Boundary.including((afterId + 1) + "-0"), Range.Boundary.unbounded()));
            boolean started = !await(first).isEmpty();
            List<StreamMessage<String, String>> backlog = started ? await(after) : List.of();
            if (started ? !whole(backlog, afterId) : !awaitStart) {
                leave(channel, remote);
                return false;
            }
            remote.catchUp(backlog);
            return true;
        } catch (RedisException e) {
            leave(channel, remote);
            throw new Unavailable("Redis cannot be reached: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            leave(channel, remote);
            throw e;
        }
    }

    /** Whether the entries follow {@code afterId} one by one, without a cut: else the stored reply answers. */
    private static boolean whole(List<StreamMessage<String, String>> backlog, long afterId) {
        long expected = afterId + 1;
        for (StreamMessage<String, String> entry : backlog) {
            if (idOf(entry.getId()) != expected++ || CUT.equals(entry.getBody().get(EVENT))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void requestCancel(UUID replyId) {
        await(redis.commands().async().publish(cancels, replyId.toString()));
    }

    /** Ends the stream of a reply whose server died, for its readers everywhere. */
    public void endOrphan(UUID replyId, ChatEvent ending) {
        endStream(replyId, ending.toJson());
    }

    private void endStream(UUID replyId, String lastPayload) {
        await(redis.commands().async().eval(END_STREAM, ScriptOutputType.INTEGER,
                new String[] {streamOf(replyId), channelOf(replyId)}, lastPayload, Long.toString(retention.toMillis())));
    }

    private RedisFuture<Void> join(String channel, RemoteReader reader) {
        subscribing.lock();
        try {
            Followed replies = followed.computeIfAbsent(channel, name ->
                    new Followed(new CopyOnWriteArraySet<>(), redis.subscriptions().async().subscribe(name)));
            replies.readers().add(reader);
            return replies.subscribed();
        } finally {
            subscribing.unlock();
        }
    }

    /** Commands go out in the order given, so a later subscription to the channel comes after this unsubscribe. */
    private void leave(String channel, RemoteReader reader) {
        subscribing.lock();
        try {
            Followed replies = followed.get(channel);
            if (replies != null && replies.readers().remove(reader) && replies.readers().isEmpty()) {
                followed.remove(channel);
                redis.subscriptions().async().unsubscribe(channel);
            }
        } finally {
            subscribing.unlock();
        }
    }

    /** On the connection's I/O thread: hands a live event to this server's readers of the reply, or stops a reply. */
    private void received(String channel, String message) {
        if (channel.equals(cancels)) {
            cancelHere(message);
            return;
        }
        Followed replies = followed.get(channel);
        int space = message.indexOf(' ');
        if (replies == null || space < 0) {
            return;
        }
        long id = Long.parseLong(message, 0, space, 10);
        String payload = message.substring(space + 1);
        replies.readers().forEach(reader -> reader.live(id, payload));
    }

    private void cancelHere(String replyId) {
        try {
            generations.find(UUID.fromString(replyId))
                    .filter(generation -> !generation.isOver())
                    .ifPresent(generation -> threads.run(generation::cancel));
        } catch (IllegalArgumentException notAReplyId) {
            LOG.warning("Ignored a cancel request for '" + replyId + "'");
        }
    }

    private void interruptAll() {
        List<RemoteReader> readers = new ArrayList<>();
        followed.values().forEach(replies -> readers.addAll(replies.readers()));
        readers.forEach(RemoteReader::interrupt);
    }

    private String streamOf(UUID replyId) {
        return redis.key("reply", replyId.toString());
    }

    private String channelOf(UUID replyId) {
        return redis.key("live", replyId.toString());
    }

    private static long idOf(String entryId) {
        return Long.parseLong(entryId, 0, entryId.indexOf('-'), 10);
    }

    private <T> T await(RedisFuture<T> command) {
        try {
            return command.get(redis.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new Unavailable("Redis did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while waiting for Redis", e);
        }
    }

    /**
     * One reader on this server of a reply generated elsewhere. Live events that arrive while the backlog is read
     * wait; then each event is handed on once, in order, and a missing one ends the reader with a retryable
     * error (it resumes from its last id, and the stored reply answers it).
     */
    private final class RemoteReader {

        private final String channel;
        private final Subscriber reader;
        private final ReentrantLock lock = new ReentrantLock();
        private List<Entry> early = new ArrayList<>();
        private long last;
        private boolean over;

        RemoteReader(String channel, long afterId, Subscriber reader) {
            this.channel = channel;
            this.last = afterId;
            this.reader = reader;
        }

        void catchUp(List<StreamMessage<String, String>> backlog) {
            lock.lock();
            try {
                reader.caughtUp(backlog.size());
                for (StreamMessage<String, String> entry : backlog) {
                    if (!take(idOf(entry.getId()), entry.getBody().get(EVENT))) {
                        return;
                    }
                }
                List<Entry> waiting = early;
                early = null;
                for (Entry entry : waiting) {
                    if (!take(entry.id(), entry.payload())) {
                        return;
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        void live(long id, String payload) {
            lock.lock();
            try {
                if (early != null) {
                    early.add(new Entry(null, id, payload, false));
                } else {
                    take(id, payload);
                }
            } finally {
                lock.unlock();
            }
        }

        /** Hands on one event; false once this reader is over. */
        private boolean take(long id, String payload) {
            if (over) {
                return false;
            }
            if (id <= last) {
                return true; // already given by the backlog
            }
            ChatEvent event = id == last + 1 && !CUT.equals(payload) ? parse(payload) : null;
            if (event == null) {
                end(interruption());
                return false;
            }
            last = id;
            if (!reader.deliver(new EventFrame(id, event, payload)) || event.terminal()) {
                end(null);
                return false;
            }
            return true;
        }

        void ping() {
            lock.lock();
            try {
                if (!over && !reader.ping()) {
                    end(null);
                }
            } finally {
                lock.unlock();
            }
        }

        void interrupt() {
            lock.lock();
            try {
                if (!over) {
                    end(interruption());
                }
            } finally {
                lock.unlock();
            }
        }

        private void end(ChatEvent.Error error) {
            over = true;
            if (error != null) {
                reader.fail(error);
            } else {
                reader.close();
            }
            leave(channel, this);
        }

        private static ChatEvent parse(String payload) {
            try {
                return ChatEvent.fromJson(payload);
            } catch (IllegalArgumentException malformed) {
                LOG.warning(malformed.getMessage());
                return null;
            }
        }

        private static ChatEvent.Error interruption() {
            return new ChatEvent.Error("The connection to the server writing this reply was interrupted; "
                    + "reconnect with Last-Event-ID", "stream_interrupted", true);
        }
    }
}
