package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelReply;

/**
 * Receives one streamed reply, called from a single thread at a time, in order. Exactly one of
 * {@link #onComplete} or {@link #onFailure} ends the stream, unless it was cancelled.
 */
public interface StreamListener {

    /** Called for each attempt at opening, with the handle that cancels it. */
    default void attach(ModelStream stream) {
    }

    /** Called once, when the provider's first chunk arrived: the stream is open and healthy. */
    default void onOpen() {
    }

    /**
     * Called, before {@link #onOpen}, when the chosen provider could not start and {@code provider} (with
     * {@code model}) answers instead; {@code reason} is the chosen provider's failure.
     */
    default void onProviderChanged(String provider, String model, ModelFailure reason) {
    }

    void onReasoning(String text);

    void onContent(String text);

    void onComplete(ModelReply reply);

    void onFailure(ModelFailure failure);
}
