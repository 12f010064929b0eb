package dev.chatstream.bench;

/**
 * Where the load generator sends a stream: through chatstream's own API, through its OpenAI-compatible API (the
 * facade, which answers in the upstream's own wire format), or straight to the upstream (the baseline).
 */
enum Target {
    SERVER, DIRECT, FACADE;

    String label() {
        return switch (this) {
            case SERVER -> "through chatstream";
            case DIRECT -> "direct to upstream";
            case FACADE -> "through the OpenAI-compatible API";
        };
    }

    /** Whether the stream comes in OpenAI's chunks ({@code choices[0].delta.content}, {@code [DONE]}). */
    boolean openAiChunks() {
        return this != SERVER;
    }
}
