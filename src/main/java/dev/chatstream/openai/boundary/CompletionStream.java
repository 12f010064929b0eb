package dev.chatstream.openai.boundary;

import dev.chatstream.chat.control.Subscriber;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;
import dev.chatstream.openai.entity.Completions;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One streamed completion as OpenAI's SDKs read it: unnamed {@code data:} lines of {@code chat.completion.chunk}
 * objects, then {@code data: [DONE]}; keep-alives as SSE comments; a failure after the start as a last
 * {@code data: {"error": …}} line without {@code [DONE]}. The generation queues frames; the thread that writes the
 * response takes them, writing what is queued at once and flushing when the queue is empty. A client that goes
 * away (its write fails) stops the generation, as the Stop button does.
 */
final class CompletionStream implements StreamingOutput, Subscriber {

    private static final String END = new String("end"); // compared by identity: no frame is this object

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final Completions completions;
    private final boolean includeUsage;
    private final int capacity;
    private final Runnable onClientGone;
    private volatile boolean gone;

    CompletionStream(Completions completions, boolean includeUsage, int capacity, Runnable onClientGone) {
        this.completions = completions;
        this.includeUsage = includeUsage;
        this.capacity = capacity;
        this.onClientGone = onClientGone;
    }

    @Override
    public boolean deliver(EventFrame frame) {
        switch (frame.event()) {
            case ChatEvent.Start start -> data(completions.roleChunk());
            case ChatEvent.Reasoning reasoning -> data(completions.reasoningChunk(reasoning.content()));
            case ChatEvent.Content content -> data(completions.contentChunk(content.content()));
            case ChatEvent.Done done -> {
                data(completions.finishChunk(done.finishReason()));
                if (includeUsage) {
                    data(completions.usageChunk(done.usage()));
                }
                data("[DONE]");
            }
            case ChatEvent.Error error -> data(OpenAiErrors.body(500, error.error(), null, error.code()));
            default -> {
                // topic and the like: chatstream's own, not OpenAI's
            }
        }
        return !gone;
    }

    @Override
    public boolean ping() {
        offer(": ping\n\n");
        return !gone;
    }

    @Override
    public void close() {
        frames.offer(END);
    }

    @Override
    public void fail(ChatEvent.Error error) {
        data(OpenAiErrors.body(503, error.error(), null, error.code()));
        close();
    }

    private void data(String json) {
        offer("data: " + json + "\n\n");
    }

    private void offer(String frame) {
        if (gone) {
            return;
        }
        if (frames.size() >= capacity) { // the client reads slower than the model writes, by far: it gets an end
            gone = true;
            frames.clear();
            frames.offer("data: " + OpenAiErrors.body(503, "The client read too slowly and the stream was closed; "
                    + "the reply is saved in its session", null, "reader_too_slow") + "\n\n");
            frames.offer(END);
            return;
        }
        frames.offer(frame);
    }

    @Override
    public void write(OutputStream out) throws IOException {
        try {
            for (String frame = frames.take(); frame != END; frame = frames.take()) {
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                if (frames.isEmpty()) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException | UncheckedIOException clientGone) { // Jersey wraps the container's "broken pipe"
            gone = true;
            onClientGone.run();
        } catch (InterruptedException stopping) {
            gone = true;
            Thread.currentThread().interrupt();
        }
    }
}
