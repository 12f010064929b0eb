package dev.chatstream.bench;

/**
 * Where the load generator sends a stream: through chatstream's own API, through its OpenAI-compatible API (the
 * facade, which answers in the upstream's own wire format), straight to the upstream (the baseline), or through
 * the Spring AI peer (bench/peers/spring-ai), which is asked and answers as chatstream's own API.
 */
enum Target {
    SERVER, DIRECT, FACADE, PEER;

    String label() {
        return switch (this) {
            case SERVER -> "through chatstream";
            case DIRECT -> "direct to upstream";
            case FACADE -> "through the OpenAI-compatible API";
            case PEER -> "through the Spring AI peer";
        };
    }

    /** Whether the stream comes in OpenAI's chunks ({@code choices[0].delta.content}, {@code [DONE]}). */
    boolean openAiChunks() {
        return this == DIRECT || this == FACADE;
    }
}
