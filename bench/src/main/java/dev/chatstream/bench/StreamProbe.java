package dev.chatstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads one SSE stream line by line as it arrives and times it: first {@code content} event, every gap between
 * content events, the end. Understands both chatstream's events ({@code type} content/done/error, ids 1..n)
 * and the OpenAI chunks of the upstream and of chatstream's OpenAI-compatible API ({@code choices[0].delta.content},
 * {@code [DONE]}; a {@code data: {"error": …}} line is a failure).
 */
final class StreamProbe implements Flow.Subscriber<String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WAITING = 0;
    private static final int RELAYING = 1;
    private static final int ENDED = 2;

    private final Target target;
    private final Workload workload;
    private final long startNanos;
    private final Stats stats;
    private final CompletableFuture<StreamOutcome> outcome = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final AtomicInteger relayingNow;
    private final AtomicInteger state = new AtomicInteger(); // WAITING, RELAYING, ENDED

    private volatile Flow.Subscription subscription;
    private long previousContentNanos = -1;
    private long expectedId = 1;
    private volatile int events; // read by abandon() on another thread
    private volatile boolean done;
    private String failure;
    private String sessionId;

    /**
     * {@code stats} is null for warm-up streams: they are checked, not counted. {@code relayingNow} counts the
     * streams whose first content has arrived and whose end has not: this one joins it then, and leaves it at
     * {@link #ended()}.
     */
    StreamProbe(Target target, Workload workload, long startNanos, Stats stats, AtomicInteger relayingNow) {
        this.target = target;
        this.workload = workload;
        this.startNanos = startNanos;
        this.stats = stats;
        this.relayingNow = relayingNow;
    }

    /** The stream is over, however it ended. */
    void ended() {
        if (state.getAndSet(ENDED) == RELAYING) {
            relayingNow.decrementAndGet();
        }
    }

    /** The session the response's headers named (the OpenAI-compatible API's {@code X-Chatstream-Session}). */
    void session(String id) {
        sessionId = id;
    }

    CompletableFuture<StreamOutcome> outcome() {
        return outcome;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    /** Gives up on a stream that went silent: closes its connection and records why. */
    StreamOutcome abandon(String reason) {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        String state = done ? "done received" : events == 0 ? "no event received" : events + " events received";
        StreamOutcome abandoned = new StreamOutcome(reason + " (" + state + ")", sessionId, events,
                System.nanoTime() - startNanos);
        outcome.complete(abandoned);
        return abandoned;
    }

    @Override
    public void onNext(String line) {
        long now = System.nanoTime();
        try {
            if (line.startsWith("id:")) {
                checkId(Long.parseLong(line.substring(3).trim()));
            } else if (line.startsWith("data:")) {
                events++;
                String data = line.substring(5).trim();
                if (target.openAiChunks()) {
                    upstreamChunk(data, now);
                } else {
                    serverEvent(JSON.readTree(data), now);
                }
            }
        } catch (Exception e) {
            fail("unreadable event: " + e.getMessage());
        }
    }

    @Override
    public void onError(Throwable error) {
        fail(error.getClass().getSimpleName() + ": " + error.getMessage());
        finish();
    }

    @Override
    public void onComplete() {
        finish();
    }

    private void checkId(long id) {
        if (id != expectedId) {
            fail("event id " + id + " where " + expectedId + " was due");
        }
        expectedId = id + 1;
    }

    private void serverEvent(JsonNode event, long now) {
        switch (event.path("type").asText()) {
            case "start" -> sessionId = event.path("session_id").asText();
            case "content" -> content(event.path("content").asText(), now);
            case "done" -> done = true;
            case "error" -> fail("error event " + event.path("code").asText());
            default -> {
                // topic, reasoning: not part of the answer's text
            }
        }
    }

    private void upstreamChunk(String data, long now) throws Exception {
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk = JSON.readTree(data);
        if (chunk.has("error")) {
            fail("error " + chunk.path("error").path("code").asText());
            return;
        }
        JsonNode delta = chunk.path("choices").path(0).path("delta").path("content");
        if (delta.isTextual() && !delta.asText().isEmpty()) {
            content(delta.asText(), now);
        }
    }

    private void content(String piece, long now) {
        if (state.compareAndSet(WAITING, RELAYING)) {
            relayingNow.incrementAndGet();
        }
        if (stats != null) {
            if (previousContentNanos < 0) {
                stats.firstToken(now - startNanos);
            } else {
                stats.gap(now - previousContentNanos);
            }
        }
        previousContentNanos = now;
        text.append(piece);
    }

    private void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    private void finish() {
        if (failure == null && !done) {
            failure = "ended without done";
        }
        if (failure == null && !text.toString().equals(workload.expectedText())) {
            failure = "text differs from what the upstream sent";
        }
        outcome.complete(new StreamOutcome(failure, sessionId, events, System.nanoTime() - startNanos));
    }

    static StreamOutcome failed(String reason, long startNanos) {
        return new StreamOutcome(reason, null, 0, System.nanoTime() - startNanos);
    }

    record StreamOutcome(String failure, String sessionId, int events, long nanos) {
        boolean ok() {
            return failure == null;
        }
    }
}
