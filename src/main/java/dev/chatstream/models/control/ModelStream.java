package dev.chatstream.models.control;

/** A reply being streamed; {@link #cancel()} stops it and frees the upstream connection. */
@FunctionalInterface
public interface ModelStream {

    void cancel();
}
