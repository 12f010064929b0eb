package dev.chatstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens many SSE streams at once without a thread per stream: the JDK HTTP client's selector reads every
 * socket and hands lines to each stream's {@link StreamProbe}. Each of {@code concurrency} workers is one user
 * who sends {@code rounds} messages one after another in one conversation; workers start spread over one
 * answer's duration, so requests arrive at the steady rate that load produces rather than all at once.
 */
final class LoadGenerator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One run: a workload at a concurrency; the first {@code warmupRounds} of each worker are not measured.
     * Workers start spread over {@code ramp} times one answer's duration.
     */
    record Plan(Target target, Workload workload, int concurrency, int rounds, int warmupRounds, double ramp) {
    }

    /** A worker starts a new conversation every this many messages, as users do; the rest continue one. */
    private static final int MESSAGES_PER_CONVERSATION = 10;
    /** The OpenAI-compatible API's session: in each answer, and sent back to continue it. */
    private static final String SESSION_HEADER = "X-Chatstream-Session";

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(executor)
            .build();
    private final URI server;
    private final URI upstream;
    private final URI peer;
    private final AtomicInteger relaying = new AtomicInteger();
    private final LongAdder allEvents = new LongAdder();

    LoadGenerator(URI server, URI upstream) {
        this(server, upstream, null);
    }

    /** {@code peer}: the Spring AI peer, asked exactly as chatstream is ({@link Target#PEER}); null: none. */
    LoadGenerator(URI server, URI upstream, URI peer) {
        this.server = server;
        this.upstream = upstream;
        this.peer = peer;
    }

    /**
     * Streams open right now: the server has started them and relays them (their first content event has
     * arrived) and they have not ended. A request sent but still queued in the server does not count.
     */
    int openStreams() {
        return relaying.get();
    }

    /** Events received by every stream so far, warm-up included (for CPU per event). */
    long allEvents() {
        return allEvents.sum();
    }

    Stats run(Plan plan, List<String> tokens) {
        Stats stats = new Stats();
        long spreadNanos = (long) (plan.workload().duration().toNanos() * plan.ramp() / plan.concurrency());
        CompletableFuture<?>[] workers = new CompletableFuture<?>[plan.concurrency()];
        for (int i = 0; i < plan.concurrency(); i++) {
            String token = plan.target() == Target.DIRECT ? null : tokens.get(i);
            Worker worker = new Worker(plan, token, stats);
            workers[i] = CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(i * spreadNanos, TimeUnit.NANOSECONDS, executor))
                    .thenCompose(started -> worker.round(0));
        }
        CompletableFuture.allOf(workers).join();
        return stats;
    }

    private final class Worker {
        private final Plan plan;
        private final String token;
        private final Stats stats;
        private String sessionId;
        /** The turns of this conversation so far: a client of the OpenAI-compatible API sends them back. */
        private int turns;

        Worker(Plan plan, String token, Stats stats) {
            this.plan = plan;
            this.token = token;
            this.stats = stats;
        }

        CompletableFuture<Void> round(int round) {
            if (round == plan.rounds()) {
                return CompletableFuture.completedFuture(null);
            }
            boolean measured = round >= plan.warmupRounds();
            if (round % MESSAGES_PER_CONVERSATION == 0) {
                sessionId = null;
                turns = 0;
            }
            return stream(measured ? stats : null).thenCompose(outcome -> {
                if (measured) {
                    stats.outcome(outcome);
                }
                if (outcome.sessionId() != null) {
                    sessionId = outcome.sessionId();
                }
                turns++;
                return round(round + 1);
            });
        }

        private CompletableFuture<StreamProbe.StreamOutcome> stream(Stats recordTo) {
            HttpRequest request = switch (plan.target()) {
                case SERVER -> chatStream(server);
                case DIRECT -> direct();
                case FACADE -> throughFacade();
                case PEER -> chatStream(peer);
            };
            long start = System.nanoTime();
            StreamProbe probe = new StreamProbe(plan.target(), plan.workload(), start, recordTo, relaying);
            // the exchange completes when the body has ended, so the patience applies to the whole of it
            CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request, response -> {
                if (response.statusCode() != 200) {
                    return HttpResponse.BodySubscribers.replacing(null);
                }
                response.headers().firstValue(SESSION_HEADER).ifPresent(probe::session); // the facade's session
                return HttpResponse.BodySubscribers.fromLineSubscriber(probe);
            });
            return exchange
                    .thenCompose(response -> response.statusCode() == 200
                            ? probe.outcome()
                            : CompletableFuture.completedFuture(StreamProbe.failed("HTTP " + response.statusCode(), start)))
                    .completeOnTimeout(null, patience(), TimeUnit.MILLISECONDS)
                    .thenApply(outcome -> {
                        if (outcome != null) {
                            return outcome;
                        }
                        exchange.cancel(true); // closes the connection
                        return probe.abandon("no end within " + patience() / 1000 + " s");
                    })
                    .exceptionally(error -> StreamProbe.failed(error.getClass().getSimpleName(), start))
                    .whenComplete((outcome, error) -> {
                        probe.ended();
                        allEvents.add(outcome.events());
                    });
        }

        /** How long a stream may take before it counts as failed: its answer's duration and a minute more. */
        private long patience() {
            return plan.workload().duration().plusMinutes(1).toMillis();
        }

        /** chatstream's {@code POST /api/v1/chat/stream}, to chatstream or to the peer. */
        private HttpRequest chatStream(URI base) {
            ObjectNode body = JSON.createObjectNode().put("message", plan.workload().prompt());
            if (sessionId != null) {
                body.put("session_id", sessionId);
            }
            return HttpRequest.newBuilder(base.resolve("/api/v1/chat/stream"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
        }

        /**
         * The OpenAI-compatible API as an SDK that keeps one session calls it: the conversation's earlier turns
         * (the prompts and the replies the upstream sent), then this turn's prompt, in the session the previous
         * answer named ({@code X-Chatstream-Session}); a new session every {@value #MESSAGES_PER_CONVERSATION}
         * messages, as through chatstream's own API.
         */
        private HttpRequest throughFacade() {
            ObjectNode body = JSON.createObjectNode().put("model", "assistant").put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
            var messages = body.putArray("messages");
            for (int turn = 0; turn < turns; turn++) {
                messages.addObject().put("role", "user").put("content", plan.workload().prompt());
                messages.addObject().put("role", "assistant").put("content", plan.workload().expectedText());
            }
            messages.addObject().put("role", "user").put("content", plan.workload().prompt());
            HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/openai/v1/chat/completions"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream");
            if (sessionId != null) {
                request.header(SESSION_HEADER, sessionId);
            }
            return request.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        }

        private HttpRequest direct() {
            ObjectNode body = JSON.createObjectNode().put("model", "bench").put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
            body.putArray("messages").addObject().put("role", "user").put("content", plan.workload().prompt());
            return HttpRequest.newBuilder(upstream.resolve("/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
        }
    }

    @Override
    public void close() {
        http.close();
        executor.close();
    }
}
