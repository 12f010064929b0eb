package dev.chatstream.bench;

/** Where the load generator sends a stream: through chatstream, or straight to the upstream (the baseline). */
enum Target {
    SERVER, DIRECT;

    String label() {
        return this == SERVER ? "through chatstream" : "direct to upstream";
    }
}
