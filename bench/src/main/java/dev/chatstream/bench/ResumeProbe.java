package dev.chatstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Cluster mode's resume across servers: a reply written on server A is read again from server B of the same
 * cluster with {@code GET /api/v1/chat/streams/{reply_id}}, and B must send A's events, id for id. Each try times
 * B from the request to its first event, in three ways: after the reply has ended, from the start and from the
 * middle ({@code Last-Event-ID}), and while A is still writing it (B replays, then follows live); and, to compare
 * with, the same request to A, which keeps the ended reply in memory.
 */
final class ResumeProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /** The live way: B is asked once A has received this many events, for those after half of them. */
    private static final long LIVE_AT = 100;

    /** One SSE response as read: each event's id (-1 for an event without one) and data, in order. */
    record Read(List<Long> ids, List<String> data, long firstEventNanos, String failure) {

        static Read failed(String failure) {
            return new Read(List.of(), List.of(), -1, failure);
        }

        String text() {
            return text(data);
        }

        static String text(List<String> data) {
            StringBuilder text = new StringBuilder();
            for (String event : data) {
                JsonNode json = parse(event);
                if (json.path("type").asText().equals("content")) {
                    text.append(json.path("content").asText());
                }
            }
            return text.toString();
        }

        String replyId() {
            return data.isEmpty() ? null : parse(data.getFirst()).path("reply_id").asText(null);
        }

        private static JsonNode parse(String event) {
            try {
                return JSON.readTree(event);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }
    }

    /**
     * One way of reading a reply again, over its tries: the time to the first event of each try, and how many
     * tries had ids without gaps from the resumed id on, exactly A's events, and A's text.
     */
    record Way(String name, String lastEventId, int events, int tries, List<Double> firstEventMillis, int gapless,
               int identical, int textEqual, List<String> problems) {

        double medianMillis() {
            List<Double> sorted = firstEventMillis.stream().sorted().toList();
            return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
        }

        boolean clean() {
            return tries > 0 && gapless == tries && identical == tries && textEqual == tries && problems.isEmpty();
        }
    }

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(executor).build();
    private final URI a;
    private final URI b;
    private final String token;

    ResumeProbe(URI a, URI b, String token) {
        this.a = a;
        this.b = b;
        this.token = token;
    }

    /** {@code tries} replies of the given shape written on A and read on B (and A) each way. */
    List<Way> run(Workload reply, int tries) {
        Tally fromStart = new Tally("ended, read on B from the start", "none");
        Tally fromMiddle = new Tally("ended, resumed on B from the middle", "n/2");
        Tally live = new Tally("being written, resumed on B (replay, then live)",
                (LIVE_AT / 2) + ", once A has sent " + LIVE_AT);
        Tally local = new Tally("ended, read on A (from its memory), for comparison", "none");
        for (int i = 0; i < tries; i++) {
            Read written = read(write(reply), (id, data) -> { });
            String problem = checkWritten(written, reply);
            if (problem != null) {
                List.of(fromStart, fromMiddle, local).forEach(tally -> tally.problem("A's own stream: " + problem));
            } else {
                long n = written.ids().size();
                local.add(written, read(attach(a, written.replyId(), 0), (id, data) -> { }), 0);
                fromStart.add(written, read(attach(b, written.replyId(), 0), (id, data) -> { }), 0);
                fromMiddle.add(written, read(attach(b, written.replyId(), n / 2), (id, data) -> { }), n / 2);
            }
            liveTry(reply, live);
        }
        return List.of(fromStart, fromMiddle, live, local).stream().map(Tally::way).toList();
    }

    /** A reply A is still writing: B is asked for the events after {@link #LIVE_AT}/2 once A has sent LIVE_AT. */
    private void liveTry(Workload reply, Tally live) {
        CompletableFuture<String> reached = new CompletableFuture<>();
        String[] replyId = new String[1];
        CompletableFuture<Read> writing = CompletableFuture.supplyAsync(() -> read(write(reply), (id, data) -> {
            if (id == 1) {
                replyId[0] = Read.parse(data).path("reply_id").asText(null);
            }
            if (id >= LIVE_AT) {
                reached.complete(replyId[0]);
            }
        }), executor);
        writing.whenComplete((read, error) -> reached.complete(null));
        String id;
        try {
            id = reached.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            id = null;
        }
        if (id == null) {
            live.problem("A's own stream ended, or never reached event " + LIVE_AT);
            writing.join();
            return;
        }
        Read resumed = read(attach(b, id, LIVE_AT / 2), (i, data) -> { });
        Read written = writing.join();
        String problem = checkWritten(written, reply);
        if (problem != null) {
            live.problem("A's own stream: " + problem);
            return;
        }
        live.add(written, resumed, LIVE_AT / 2);
    }

    private static String checkWritten(Read written, Workload reply) {
        if (written.failure() != null) {
            return written.failure();
        }
        if (!written.ids().equals(LongStream.rangeClosed(1, written.ids().size()).boxed().toList())) {
            return "ids are not 1..n";
        }
        if (!written.text().equals(reply.expectedText())) {
            return "text differs from what the upstream sent";
        }
        if (written.replyId() == null) {
            return "no reply_id in its first event";
        }
        return null;
    }

    private HttpRequest write(Workload reply) {
        return HttpRequest.newBuilder(a.resolve("/api/v1/chat/stream"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.createObjectNode().put("message", reply.prompt()).toString()))
                .build();
    }

    private HttpRequest attach(URI server, String replyId, long lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/api/v1/chat/streams/" + replyId))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId > 0) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        return request.GET().build();
    }

    /** Sends the request and reads its events to the end; {@code onEvent} sees each (id, data) as it arrives. */
    private Read read(HttpRequest request, BiConsumer<Long, String> onEvent) {
        CompletableFuture<Read> read = CompletableFuture.supplyAsync(() -> readNow(request, onEvent), executor);
        try {
            return read.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            read.cancel(true);
            return Read.failed("no end within " + PATIENCE.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Read.failed(e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Read.failed("interrupted");
        }
    }

    private Read readNow(HttpRequest request, BiConsumer<Long, String> onEvent) {
        long start = System.nanoTime();
        long first = -1;
        List<Long> ids = new ArrayList<>();
        List<String> data = new ArrayList<>();
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    return Read.failed("HTTP " + response.statusCode());
                }
                long id = -1;
                String event = null;
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("id:")) {
                        id = Long.parseLong(line.substring(3).trim());
                    } else if (line.startsWith("data:")) {
                        if (first < 0) {
                            first = System.nanoTime() - start;
                        }
                        event = line.substring(5).trim();
                    } else if (line.isEmpty() && event != null) {
                        ids.add(id);
                        data.add(event);
                        onEvent.accept(id, event);
                        id = -1;
                        event = null;
                    }
                }
                if (event != null) {
                    ids.add(id);
                    data.add(event);
                }
            }
            return new Read(ids, data, first, null);
        } catch (IOException e) {
            return new Read(ids, data, first, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Read(ids, data, first, "interrupted");
        }
    }

    /** Counts one way's tries. */
    private static final class Tally {
        private final String name;
        private final String lastEventId;
        private final List<Double> firstEventMillis = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private int events;
        private int tries;
        private int gapless;
        private int identical;
        private int textEqual;

        Tally(String name, String lastEventId) {
            this.name = name;
            this.lastEventId = lastEventId;
        }

        void problem(String problem) {
            tries++;
            problems.add(problem);
        }

        /** B's read of the events after {@code after} of the reply A wrote. */
        void add(Read written, Read resumed, long after) {
            events = written.ids().size();
            if (resumed.failure() != null) {
                problem(resumed.failure());
                return;
            }
            tries++;
            firstEventMillis.add(resumed.firstEventNanos() / 1e6);
            List<Long> due = LongStream.rangeClosed(after + 1, events).boxed().toList();
            List<String> tail = written.data().subList((int) after, events);
            if (resumed.ids().equals(due)) {
                gapless++;
            } else {
                problems.add("%d events, ids %s … %s where %d … %d were due".formatted(resumed.ids().size(),
                        resumed.ids().isEmpty() ? "none" : resumed.ids().getFirst(),
                        resumed.ids().isEmpty() ? "none" : resumed.ids().getLast(), after + 1, events));
            }
            if (resumed.data().equals(tail)) {
                identical++;
            }
            if (Read.text(resumed.data()).equals(Read.text(tail))) {
                textEqual++;
            } else {
                problems.add("text differs from A's");
            }
        }

        Way way() {
            return new Way(name, lastEventId, events, tries, List.copyOf(firstEventMillis), gapless, identical,
                    textEqual, List.copyOf(problems));
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }
}
