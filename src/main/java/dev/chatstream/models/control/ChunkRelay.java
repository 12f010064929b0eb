package dev.chatstream.models.control;

import com.openai.core.JsonValue;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelReply;
import dev.chatstream.models.entity.TokenUsage;
import java.util.Optional;

/** Turns the SDK's chunks into listener calls: reasoning and content deltas, then how the reply ended. */
final class ChunkRelay implements AsyncStreamResponse.Handler<ChatCompletionChunk> {

    private final StreamListener listener;
    private final Runnable whenEnded;
    private volatile boolean cancelled;
    private boolean opened;
    private String model;
    private String finishReason;
    private TokenUsage usage;

    ChunkRelay(String requestedModel, StreamListener listener, Runnable whenEnded) {
        this.model = requestedModel;
        this.listener = listener;
        this.whenEnded = whenEnded;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public void onNext(ChatCompletionChunk chunk) {
        if (cancelled) {
            return;
        }
        if (!opened) {
            opened = true;
            listener.onOpen();
        }
        if (!chunk.model().isBlank()) {
            model = chunk.model();
        }
        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
            ChatCompletionChunk.Choice.Delta delta = choice.delta();
            reasoningOf(delta).ifPresent(listener::onReasoning);
            delta.content().filter(text -> !text.isEmpty()).ifPresent(listener::onContent);
            choice.finishReason().ifPresent(reason -> finishReason = reason.asString());
        }
        chunk.usage().ifPresent(reported -> usage = TokenUsage.of(reported.promptTokens(), reported.completionTokens()));
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
        whenEnded.run();
        if (cancelled) {
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

    private static Optional<String> reasoningOf(ChatCompletionChunk.Choice.Delta delta) {
        JsonValue reasoning = delta._additionalProperties().get("reasoning_content");
        if (reasoning == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(reasoning.convert(String.class)).filter(text -> !text.isEmpty());
        } catch (RuntimeException notText) {
            return Optional.empty();
        }
    }
}
