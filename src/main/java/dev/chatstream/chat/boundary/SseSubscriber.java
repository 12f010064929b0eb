package dev.chatstream.chat.boundary;

import dev.chatstream.chat.control.Subscriber;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP connection reading a generation. Events are queued and written by a virtual thread of this reader's
 * own, so a slow client never holds up the model or the other readers; one that falls more than
 * {@code capacity} events behind is cut off with a retryable {@code error} (it can resume with
 * {@code Last-Event-ID}). The writer runs only while events are queued and ends when the queue is empty: most
 * streams wait far longer between events than writing takes, and a parked writer per open stream cost its
 * stack and thread in memory (docs/performance.md). A client that has gone shows up as a failed write. Writing
 * starts once the request's dispatch has returned ({@link SseDispatch}).
 */
final class SseSubscriber implements Subscriber {

    private static final Object END = new Object();

    private final SseEventSink sink;
    private final Sse sse;
    private final Queue<Object> queue = new LinkedBlockingQueue<>(); // never waited on; its size is counted, not walked
    private final int capacity;
    private final CompletableFuture<?> dispatched;
    private final Executor writers;
    /** A writer is running, or the connection is over and none may start again. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile int backlog;
    private volatile boolean gone;
    private volatile boolean overflowed;

    SseSubscriber(SseEventSink sink, Sse sse, int capacity, CompletableFuture<?> dispatched, Executor writers) {
        this.sink = sink;
        this.sse = sse;
        this.capacity = capacity;
        this.dispatched = dispatched;
        this.writers = writers;
        dispatched.whenComplete((returned, failed) -> startWriting());
    }

    /** A backlog replayed on attaching is already in memory; only falling behind after it counts. */
    @Override
    public void caughtUp(int replayed) {
        backlog = replayed;
    }

    /** Built once per event for all its SSE readers: the JSON, the id's text and the event object. */
    @Override
    public boolean deliver(EventFrame frame) {
        return offer(frame.wire(SseSubscriber.class, OutboundSseEvent.class, this::outbound));
    }

    private OutboundSseEvent outbound(EventFrame frame) {
        return sse.newEventBuilder()
                .id(Long.toString(frame.id()))
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, frame.json())
                .build();
    }

    @Override
    public boolean ping() {
        return offer(sse.newEventBuilder().comment("ping").build());
    }

    @Override
    public void close() {
        queue.offer(END); // the writer closes the sink after what is queued
        startWriting();
    }

    @Override
    public void fail(ChatEvent.Error error) {
        if (!gone && !overflowed) {
            overflowed = true; // takes no more events
            endWith(error);
        }
    }

    /** Queues an unnumbered error after what is queued and ends the connection: the reader resumes from its last id. */
    private void endWith(ChatEvent.Error error) {
        queue.offer(sse.newEventBuilder().data(String.class, error.toJson()).build());
        queue.offer(END);
        startWriting();
    }

    private boolean offer(OutboundSseEvent event) {
        if (gone || overflowed) {
            return false;
        }
        if (queue.size() >= capacity + backlog) {
            overflowed = true;
            queue.clear();
            endWith(new ChatEvent.Error(
                    "This connection fell too far behind the stream and was closed; reconnect with Last-Event-ID",
                    "reader_too_slow", true));
            return false;
        }
        queue.offer(event);
        startWriting();
        return !gone;
    }

    private void startWriting() {
        if (dispatched.isDone() && !queue.isEmpty() && writing.compareAndSet(false, true)) {
            try {
                writers.execute(this::write);
            } catch (RejectedExecutionException stopping) {
                gone = true; // the application is stopping; the generation drops this reader
            }
        }
    }

    /** Writes what is queued; a producer that queues while this finishes starts the next writer, or this goes on. */
    private void write() {
        try {
            do {
                for (Object next = queue.poll(); next != null; next = queue.poll()) {
                    if (!(next instanceof OutboundSseEvent event) || !send(event)) {
                        end();
                        return; // writing stays set: no writer starts again
                    }
                }
                writing.set(false);
            } while (!queue.isEmpty() && writing.compareAndSet(false, true));
        } catch (RuntimeException unexpected) {
            end(); // a connection left with writing set would take events until it overflowed
            throw unexpected;
        }
    }

    private boolean send(OutboundSseEvent event) {
        if (sink.isClosed()) {
            return false;
        }
        try {
            return !sink.send(event).toCompletableFuture().isCompletedExceptionally();
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    private void end() {
        gone = true;
        queue.clear();
        try {
            sink.close();
        } catch (RuntimeException alreadyClosed) {
            // nothing left to close
        }
    }
}
