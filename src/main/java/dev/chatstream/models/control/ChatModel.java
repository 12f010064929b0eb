package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelRequest;

/** A provider of chat completions: the OpenAI-compatible client, or the built-in demo. */
public interface ChatModel {

    /** The model used when neither the request nor the assistant names one. */
    String defaultModel();

    /** Starts streaming a reply; returns at once, events arrive on the listener. */
    ModelStream stream(ModelRequest request, StreamListener listener);

    /** A short, complete answer (for titles); blocks the calling thread, so call it from a virtual thread. */
    String complete(ModelRequest request);

    /** The HTTP connections to the provider right now; none for a model that makes no calls. */
    default Connections connections() {
        return new Connections(0, 0);
    }

    /** Connections carrying a call ({@code busy}) and kept open for the next one ({@code idle}). */
    record Connections(int busy, int idle) {
    }
}
