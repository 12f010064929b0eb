package dev.chatstream.chat.control;

import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reads a whole generation for callers that want one answer instead of a stream. */
public final class ReplyCollector implements Subscriber {

    /** The finished reply: its text and how it ended ({@code done} or {@code error}). */
    public record Collected(String content, ChatEvent.Start start, ChatEvent ending) {
    }

    private final StringBuilder content = new StringBuilder();
    private final CompletableFuture<Collected> result = new CompletableFuture<>();
    private final CompletableFuture<ChatEvent.Start> started = new CompletableFuture<>();
    private volatile boolean stopped;

    public CompletionStage<Collected> result() {
        return result;
    }

    /** Completes with the reply's {@code start} event. */
    CompletableFuture<ChatEvent.Start> start() {
        return started;
    }

    /** Leaves the stream at the next event, whatever has been collected. */
    void stop() {
        stopped = true;
        started.cancel(false);
    }

    @Override
    public boolean deliver(EventFrame frame) {
        ChatEvent event = frame.event();
        switch (event) {
            case ChatEvent.Start start -> started.complete(start);
            case ChatEvent.Content piece -> content.append(piece.content());
            default -> {
                if (event.terminal()) {
                    result.complete(new Collected(content.toString(), started.getNow(null), event));
                }
            }
        }
        return !stopped;
    }

    @Override
    public boolean ping() {
        return !stopped;
    }

    @Override
    public void fail(ChatEvent.Error error) {
        started.completeExceptionally(new IllegalStateException(error.error()));
        result.complete(new Collected(content.toString(), started.getNow(null), error));
    }

    @Override
    public void close() {
        // nothing to release
    }
}
