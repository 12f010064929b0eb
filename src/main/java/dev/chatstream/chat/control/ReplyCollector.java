package dev.chatstream.chat.control;

import dev.chatstream.chat.entity.ChatEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reads a whole generation for callers that want one answer instead of a stream. */
public final class ReplyCollector implements Subscriber {

    /** The finished reply: its text and how it ended ({@code done} or {@code error}). */
    public record Collected(String content, ChatEvent.Start start, ChatEvent ending) {
    }

    private final StringBuilder content = new StringBuilder();
    private final CompletableFuture<Collected> result = new CompletableFuture<>();
    private ChatEvent.Start start;

    public CompletionStage<Collected> result() {
        return result;
    }

    @Override
    public boolean deliver(long id, ChatEvent event) {
        switch (event) {
            case ChatEvent.Start started -> start = started;
            case ChatEvent.Content piece -> content.append(piece.content());
            default -> {
                if (event.terminal()) {
                    result.complete(new Collected(content.toString(), start, event));
                }
            }
        }
        return true;
    }

    @Override
    public boolean ping() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
