package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelReply;
import dev.chatstream.models.entity.TokenUsage;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Turns a stream's chunks into listener calls: reasoning and content deltas, then how the reply ended. */
final class ChunkRelay {

    private final StreamListener listener;
    private final Consumer<ChunkRelay> whenEnded;
    private final Runnable stopCall;
    private volatile boolean cancelled;
    private volatile ModelFailure silence;
    private volatile long lastHeardNanos = System.nanoTime();
    private boolean opened;
    private String model;
    private String finishReason;
    private TokenUsage usage;

    /** {@code stopCall} aborts the HTTP call; {@code whenEnded} runs once the stream has ended. */
    ChunkRelay(String requestedModel, StreamListener listener, Runnable stopCall, Consumer<ChunkRelay> whenEnded) {
        this.model = requestedModel;
        this.listener = listener;
        this.stopCall = stopCall;
        this.whenEnded = whenEnded;
    }

    void cancel() {
        cancelled = true;
        stopCall.run();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** The provider sent nothing for {@code limit}: the stream ends as timed out, not as stopped. */
    void silentFor(Duration limit) {
        silence = new ModelFailure(ModelFailure.Code.UPSTREAM_TIMEOUT,
                "The model sent nothing for " + limit.toSeconds() + " s");
        cancel();
    }

    void onNext(Chunk chunk) {
        lastHeardNanos = System.nanoTime();
        if (cancelled) {
            return;
        }
        if (!opened) {
            opened = true;
            listener.onOpen();
        }
        if (chunk.model() != null && !chunk.model().isBlank()) {
            model = chunk.model();
        }
        for (Chunk.Delta delta : chunk.deltas()) {
            if (delta.reasoning() != null && !delta.reasoning().isEmpty()) {
                listener.onReasoning(delta.reasoning());
            }
            if (delta.content() != null && !delta.content().isEmpty()) {
                listener.onContent(delta.content());
            }
            if (delta.finishReason() != null) {
                finishReason = delta.finishReason();
            }
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
    }

    /** The stream ended, with the error that ended it, if any; called once. */
    void onComplete(Optional<Throwable> error) {
        whenEnded.accept(this);
        if (silence != null) {
            listener.onFailure(silence);
        } else if (cancelled) {
            listener.onFailure(new ModelFailure(ModelFailure.Code.CANCELLED, "The reply was stopped"));
        } else if (error.isPresent()) {
            listener.onFailure(UpstreamErrors.classify(error.get()));
        } else if (!opened) {
            listener.onFailure(new ModelFailure(ModelFailure.Code.UPSTREAM_INVALID_RESPONSE,
                    "The model ended the stream without sending anything"));
        } else if (finishReason == null) {
            listener.onFailure(new ModelFailure(ModelFailure.Code.UPSTREAM_INVALID_RESPONSE,
                    "The model ended the stream without saying why"));
        } else {
            listener.onComplete(new ModelReply(model, finishReason, usage));
        }
    }
}
