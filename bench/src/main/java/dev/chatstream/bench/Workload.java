package dev.chatstream.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of one model answer: time to first token, number of chunks, gap between chunks, bytes per chunk.
 * The load generator writes it into the user message ({@link #prompt()}); the benchmark upstream reads it back
 * ({@link #fromPrompt}) and streams exactly {@link #chunk}(0..n-1), so the text the client must receive is
 * known ({@link #expectedText()}) whether it went through chatstream or straight to the upstream.
 */
public record Workload(Duration firstToken, int chunks, Duration interval, int bytesPerChunk, double errorRate) {

    private static final Pattern PROMPT = Pattern.compile(
            "bench ttft=(\\d+)ms chunks=(\\d+) interval=(\\d+)ms bytes=(\\d+) errors=([0-9.]+)");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public Workload {
        if (chunks < 1 || bytesPerChunk < 4 || errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("bad workload " + chunks + " chunks, " + bytesPerChunk + " bytes");
        }
    }

    public static Workload of(long firstTokenMillis, int chunks, long intervalMillis, int bytesPerChunk) {
        return new Workload(Duration.ofMillis(firstTokenMillis), chunks, Duration.ofMillis(intervalMillis),
                bytesPerChunk, 0);
    }

    /** How long the upstream takes for one answer. */
    public Duration duration() {
        return firstToken.plus(interval.multipliedBy(chunks));
    }

    public String prompt() {
        return "bench ttft=%dms chunks=%d interval=%dms bytes=%d errors=%s".formatted(firstToken.toMillis(),
                chunks, interval.toMillis(), bytesPerChunk, errorRate);
    }

    public static Optional<Workload> fromPrompt(String text) {
        Matcher m = PROMPT.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Workload(Duration.ofMillis(Long.parseLong(m.group(1))), Integer.parseInt(m.group(2)),
                Duration.ofMillis(Long.parseLong(m.group(3))), Integer.parseInt(m.group(4)),
                Double.parseDouble(m.group(5))));
    }

    /** Chunk {@code i}: ASCII, {@code bytesPerChunk} long, starting with its number so reordering shows. */
    public String chunk(int i) {
        StringBuilder text = new StringBuilder(bytesPerChunk).append(i).append(' ');
        for (int k = 0; text.length() < bytesPerChunk - 1; k++) {
            text.append(ALPHABET.charAt((i * 7 + k) % ALPHABET.length()));
        }
        return text.append(' ').toString();
    }

    public String expectedText() {
        StringBuilder text = new StringBuilder(chunks * bytesPerChunk);
        for (int i = 0; i < chunks; i++) {
            text.append(chunk(i));
        }
        return text.toString();
    }
}
