package dev.chatstream.chat.boundary;

import dev.chatstream.chat.control.Subscriber;
import dev.chatstream.chat.entity.ChatEvent;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One HTTP connection reading a generation. Events are queued and written by this reader's own virtual
 * thread, so a slow client never holds up the model or the other readers; one that falls more than
 * {@code capacity} events behind is cut off with a retryable {@code error} (it can resume with
 * {@code Last-Event-ID}). A client that has gone shows up as a failed write. Writing starts once the request's
 * dispatch has returned ({@link SseDispatch}).
 */
final class SseSubscriber implements Subscriber {

    private final SseEventSink sink;
    private final Sse sse;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final int capacity;
    private final CompletableFuture<?> dispatched;
    private volatile int backlog;
    private volatile boolean gone;
    private volatile boolean overflowed;

    SseSubscriber(SseEventSink sink, Sse sse, int capacity, CompletableFuture<?> dispatched, Executor writers) {
        this.sink = sink;
        this.sse = sse;
        this.capacity = capacity;
        this.dispatched = dispatched;
        writers.execute(this::write);
    }

    /** A backlog replayed on attaching is already in memory; only falling behind after it counts. */
    @Override
    public void caughtUp(int replayed) {
        backlog = replayed;
    }

    @Override
    public boolean deliver(long id, ChatEvent event) {
        return offer(sse.newEventBuilder()
                .id(Long.toString(id))
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, event.toJson())
                .build());
    }

    @Override
    public boolean ping() {
        return offer(sse.newEventBuilder().comment("ping").build());
    }

    @Override
    public void close() {
        queue.offer(Boolean.FALSE); // the end marker; the writer closes the sink after what is queued
    }

    private boolean offer(OutboundSseEvent event) {
        if (gone || overflowed) {
            return false;
        }
        if (queue.size() >= capacity + backlog) {
            overflowed = true;
            queue.clear();
            queue.offer(sse.newEventBuilder().data(String.class, new ChatEvent.Error(
                    "This connection fell too far behind the stream and was closed; reconnect with Last-Event-ID",
                    "reader_too_slow", true).toJson()).build());
            queue.offer(Boolean.FALSE);
            return false;
        }
        queue.offer(event);
        return true;
    }

    private void write() {
        try {
            dispatched.join();
            for (Object next = queue.take(); next instanceof OutboundSseEvent event; next = queue.take()) {
                if (!send(event)) {
                    gone = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            gone = true;
            try {
                sink.close();
            } catch (RuntimeException alreadyClosed) {
                // nothing left to close
            }
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
}
