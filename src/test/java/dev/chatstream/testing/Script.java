package dev.chatstream.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * How the fake upstream answers one request. Immutable: every method returns a changed copy.
 *
 * <pre>{@code
 * Script.reply("Hel", "lo").reasoning("hmm").interval(Duration.ofMillis(20)).dropAfter(1)
 * Script.error(429, "slow down").header("Retry-After", "1")
 * Script.failFirst(2, Script.error(503, "busy"), Script.reply("ok"))
 * }</pre>
 *
 * Content chunks are counted by {@link #dropAfter(int)}, {@link #garbageAfter(int)} and {@link #stallAfter(int)};
 * the role chunk and reasoning chunks are not. A script also answers non-streaming requests:
 * the content chunks are then concatenated into {@code message.content}.
 */
public final class Script {

    // Read by ResponsePlayer; never changed after a copy has been handed out.
    int status = 200;
    String errorMessage;
    List<String> content = List.of();
    List<String> reasoning = List.of();
    Integer promptTokens;
    Integer completionTokens;
    String finishReason = "stop";
    Duration headersDelay = Duration.ZERO;
    Duration firstChunkDelay = Duration.ZERO;
    Duration interval = Duration.ZERO;
    int dropAfter = -1;
    int garbageAfter = -1;
    int stallAfter = -1;
    boolean hang;
    Map<String, String> headers = Map.of();
    private FailFirst failFirst;

    private record FailFirst(int times, Script failure, Script success, AtomicInteger served) {
    }

    private Script() {
    }

    /** A 200 answer made of these content chunks, sent in order. */
    public static Script reply(String... contentChunks) {
        Script script = new Script();
        script.content = List.of(contentChunks);
        return script;
    }

    /** An HTTP error with an OpenAI-style body {@code {"error":{"message":...,"type":...,"code":null}}}. */
    public static Script error(int status, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        Script script = new Script();
        script.status = status;
        script.errorMessage = Objects.requireNonNull(message);
        return script;
    }

    /** The first {@code times} requests this script answers get {@code failure}, later ones {@code success}. */
    public static Script failFirst(int times, Script failure, Script success) {
        Script script = new Script();
        script.failFirst = new FailFirst(times, Objects.requireNonNull(failure), Objects.requireNonNull(success),
                new AtomicInteger());
        return script;
    }

    /** Splits text into chunks of {@code charsPerChunk} characters (the last one may be shorter). */
    public static String[] words(String text, int charsPerChunk) {
        if (charsPerChunk < 1) {
            throw new IllegalArgumentException("charsPerChunk must be positive");
        }
        int[] codePoints = text.codePoints().toArray();
        List<String> chunks = new ArrayList<>();
        for (int from = 0; from < codePoints.length; from += charsPerChunk) {
            int to = Math.min(codePoints.length, from + charsPerChunk);
            chunks.add(new String(codePoints, from, to - from));
        }
        return chunks.toArray(String[]::new);
    }

    /** Reasoning chunks ({@code delta.reasoning_content}) sent before the content chunks. */
    public Script reasoning(String... chunks) {
        List<String> copy = List.of(chunks);
        return with(s -> s.reasoning = copy);
    }

    /** Reported usage; by default prompt = words in the request, completion = number of content chunks. */
    public Script usage(int promptTokens, int completionTokens) {
        return with(s -> {
            s.promptTokens = promptTokens;
            s.completionTokens = completionTokens;
        });
    }

    /** The {@code finish_reason} of the final chunk; default {@code "stop"}. */
    public Script finishReason(String finishReason) {
        Objects.requireNonNull(finishReason);
        return with(s -> s.finishReason = finishReason);
    }

    /** Wait this long before sending the response headers. */
    public Script headersDelay(Duration delay) {
        Duration checked = checked(delay);
        return with(s -> s.headersDelay = checked);
    }

    /** After the headers, wait this long before the first chunk. */
    public Script firstChunkDelay(Duration delay) {
        Duration checked = checked(delay);
        return with(s -> s.firstChunkDelay = checked);
    }

    /** Wait this long before every reasoning and content chunk after the first chunk. */
    public Script interval(Duration delay) {
        Duration checked = checked(delay);
        return with(s -> s.interval = checked);
    }

    /** After {@code chunks} content chunks, close the socket: no finish chunk, no [DONE], no last 0-chunk. */
    public Script dropAfter(int chunks) {
        int checked = checked(chunks);
        return with(s -> s.dropAfter = checked);
    }

    /** After {@code chunks} content chunks, send the event {@code data: {not json}, then carry on. */
    public Script garbageAfter(int chunks) {
        int checked = checked(chunks);
        return with(s -> s.garbageAfter = checked);
    }

    /** Send nothing at all, not even headers, until the client closes the connection. */
    public Script hang() {
        return with(s -> s.hang = true);
    }

    /** After {@code chunks} content chunks, send nothing more until the client closes the connection. */
    public Script stallAfter(int chunks) {
        int checked = checked(chunks);
        return with(s -> s.stallAfter = checked);
    }

    /** An extra response header, e.g. {@code Retry-After}. */
    public Script header(String name, String value) {
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
        return with(s -> {
            Map<String, String> copy = new LinkedHashMap<>(s.headers);
            copy.put(name, value);
            s.headers = Map.copyOf(copy);
        });
    }

    boolean isError() {
        return errorMessage != null;
    }

    /** The script for the next request: this one, or for a failFirst script its failure or its success. */
    Script next() {
        if (failFirst == null) {
            return this;
        }
        boolean fail = failFirst.served().getAndIncrement() < failFirst.times();
        return (fail ? failFirst.failure() : failFirst.success()).next();
    }

    private Script with(Consumer<Script> change) {
        if (failFirst != null) {
            throw new IllegalStateException("configure the failure and success scripts of failFirst instead");
        }
        Script copy = new Script();
        copy.status = status;
        copy.errorMessage = errorMessage;
        copy.content = content;
        copy.reasoning = reasoning;
        copy.promptTokens = promptTokens;
        copy.completionTokens = completionTokens;
        copy.finishReason = finishReason;
        copy.headersDelay = headersDelay;
        copy.firstChunkDelay = firstChunkDelay;
        copy.interval = interval;
        copy.dropAfter = dropAfter;
        copy.garbageAfter = garbageAfter;
        copy.stallAfter = stallAfter;
        copy.hang = hang;
        copy.headers = headers;
        change.accept(copy);
        return copy;
    }

    private static Duration checked(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        return delay;
    }

    private static int checked(int chunks) {
        if (chunks < 0) {
            throw new IllegalArgumentException("negative chunk count: " + chunks);
        }
        return chunks;
    }
}
