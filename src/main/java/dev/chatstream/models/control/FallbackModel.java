package dev.chatstream.models.control;

import java.time.Duration;
import java.util.Optional;

/** The provider and model to try once when the primary one fails before its first token; maybe none. */
public class FallbackModel {

    private final ChatModel model;
    private final Duration firstTokenTimeout;

    FallbackModel(ChatModel model, Duration firstTokenTimeout) {
        this.model = model;
        this.firstTokenTimeout = firstTokenTimeout;
    }

    protected FallbackModel() {
        this(null, Duration.ZERO); // for the CDI proxy
    }

    static FallbackModel none() {
        return new FallbackModel(null, Duration.ZERO);
    }

    public Optional<ChatModel> model() {
        return Optional.ofNullable(model);
    }

    public Duration firstTokenTimeout() {
        return firstTokenTimeout;
    }
}
