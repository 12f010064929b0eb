package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelReply;
import dev.chatstream.models.entity.ModelRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One try at opening a stream. Until the first chunk it holds the outcome for the caller that waits; after
 * it, every event passes through to the real listener. An abandoned attempt (timed out, failed, retried)
 * forwards nothing, so a late event from it can never reach the user.
 */
final class OpeningAttempt implements StreamListener {

    private final StreamListener listener;
    private final CompletableFuture<Void> firstChunk = new CompletableFuture<>();
    private volatile boolean abandoned;

    OpeningAttempt(StreamListener listener) {
        this.listener = listener;
    }

    /**
     * Starts {@code model}'s stream for {@code listener} and waits at most {@code limit} for its first chunk.
     * If that fails, the attempt is abandoned and its stream cancelled before the failure is rethrown.
     */
    static ModelStream open(ChatModel model, ModelRequest request, StreamListener listener, Duration limit)
            throws InterruptedException {
        OpeningAttempt attempt = new OpeningAttempt(listener);
        ModelStream stream = model.stream(request, attempt);
        attempt.attach(stream);
        try {
            attempt.awaitFirstChunk(limit);
            return stream;
        } catch (InterruptedException | ModelFailure failure) {
            attempt.abandon();
            stream.cancel();
            throw failure;
        }
    }

    /** Waits at most {@code limit}; a model that has not started by then fails as timed out. */
    private void awaitFirstChunk(Duration limit) throws InterruptedException {
        try {
            firstChunk.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (ModelFailure) e.getCause();
        } catch (TimeoutException e) {
            throw new ModelFailure(ModelFailure.Code.UPSTREAM_TIMEOUT, "The model did not start answering in time");
        }
    }

    void abandon() {
        abandoned = true;
    }

    private boolean forwarding() {
        return !abandoned && firstChunk.isDone() && !firstChunk.isCompletedExceptionally();
    }

    @Override
    public void attach(ModelStream stream) {
        listener.attach(stream);
    }

    @Override
    public void onOpen() {
        if (!abandoned) {
            listener.onOpen();
            firstChunk.complete(null);
        }
    }

    @Override
    public void onReasoning(String text) {
        if (forwarding()) {
            listener.onReasoning(text);
        }
    }

    @Override
    public void onContent(String text) {
        if (forwarding()) {
            listener.onContent(text);
        }
    }

    @Override
    public void onComplete(ModelReply reply) {
        if (forwarding()) {
            listener.onComplete(reply);
        }
    }

    @Override
    public void onFailure(ModelFailure failure) {
        if (forwarding()) {
            listener.onFailure(failure);
        } else {
            firstChunk.completeExceptionally(failure);
        }
    }
}
