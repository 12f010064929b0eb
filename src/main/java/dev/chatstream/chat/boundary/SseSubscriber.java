package dev.chatstream.chat.boundary;

import dev.chatstream.chat.control.Subscriber;
import dev.chatstream.chat.entity.ChatEvent;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletionStage;

/**
 * One HTTP connection reading a generation. Jersey writes synchronously on the sending thread; a client
 * that has gone shows up as a failed stage or, later, as an exception from {@code send}.
 */
final class SseSubscriber implements Subscriber {

    private final SseEventSink sink;
    private final Sse sse;

    SseSubscriber(SseEventSink sink, Sse sse) {
        this.sink = sink;
        this.sse = sse;
    }

    @Override
    public boolean deliver(long id, ChatEvent event) {
        return send(sse.newEventBuilder()
                .id(Long.toString(id))
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, event.toJson())
                .build());
    }

    @Override
    public boolean ping() {
        return send(sse.newEventBuilder().comment("ping").build());
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (RuntimeException alreadyGone) {
            // nothing left to close
        }
    }

    private boolean send(OutboundSseEvent event) {
        if (sink.isClosed()) {
            return false;
        }
        try {
            CompletionStage<?> sent = sink.send(event);
            return !sent.toCompletableFuture().isCompletedExceptionally();
        } catch (IllegalStateException gone) {
            return false;
        }
    }
}
