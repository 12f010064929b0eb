package dev.chatstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chatstream.testing.HttpRequestReader.RawRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake OpenAI-compatible Chat Completions server ({@code POST /v1/chat/completions}) on 127.0.0.1, speaking
 * HTTP/1.1 with keep-alive over raw sockets so that it can also misbehave: hang, stall, drop, send garbage.
 *
 * <pre>{@code
 * try (FakeUpstream fake = FakeUpstream.start(0)) {
 *     fake.script("tell me a joke", Script.reply("Why", " did", " ...").interval(Duration.ofMillis(10)));
 *     // point the application at fake.baseUrl()
 * }
 * }</pre>
 *
 * Without a matching script, streaming requests get "You said: " + the last user message in chunks of four
 * characters, and non-streaming requests get "Fake topic" (see {@link #defaultScript}).
 * The benchmark's upstream ({@code bench/}) is this same server with its own default script and no recording.
 */
public final class FakeUpstream implements AutoCloseable {

    private static final String COMPLETIONS_PATH = "/v1/chat/completions";

    private record Received(RecordedRequest request, Connection connection) {
    }

    private record Watch(String marker, CompletableFuture<Received> first) {
    }

    private final ServerSocket serverSocket;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger acceptedConnections = new AtomicInteger();
    private final Deque<Map.Entry<String, Script>> scripts = new ConcurrentLinkedDeque<>();
    private final Deque<Map.Entry<String, Script>> completionScripts = new ConcurrentLinkedDeque<>(); // newest first

    private volatile Function<RecordedRequest, Script> defaultScript = FakeUpstream::echo;
    private volatile boolean recording = true;

    private final Object lock = new Object();
    private final List<Received> received = new ArrayList<>(); // guarded by lock
    private final List<Watch> watches = new ArrayList<>(); // guarded by lock; not yet matched
    private final Map<String, CompletableFuture<Received>> firstByMarker = new HashMap<>(); // guarded by lock

    private FakeUpstream(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        threads.execute(this::acceptConnections);
    }

    /** Starts listening on 127.0.0.1; port 0 picks a free port. */
    public static FakeUpstream start(int port) {
        try {
            ServerSocket serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            // a deep accept queue: the benchmark opens hundreds of connections a second, and a refused SYN
            // is retried by the client only after a second or more
            serverSocket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}), port), 4096);
            return new FakeUpstream(serverSocket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>/v1}, the base URL an OpenAI client expects. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /**
     * Answers requests whose last user message contains {@code marker} with {@code script}. The most recently
     * added marker is checked first.
     */
    public void script(String marker, Script script) {
        scripts.addFirst(Map.entry(marker, script));
    }

    /** Like {@link #script}, for non-streaming requests only (the application's title requests). */
    public void scriptCompletions(String marker, Script script) {
        completionScripts.addFirst(Map.entry(marker, script));
    }

    /** Answers requests that no {@link #script} matches; the default echoes the last user message. */
    public FakeUpstream defaultScript(Function<RecordedRequest, Script> script) {
        this.defaultScript = script;
        return this;
    }

    /**
     * Stops keeping received requests, for load tests that send millions: {@link #requests()} and the
     * {@code requestReceived}/{@code connectionClosed} watches see nothing from then on.
     */
    public FakeUpstream withoutRecording() {
        this.recording = false;
        return this;
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return received.stream().map(Received::request).toList();
        }
    }

    /** The requests in which any message contains {@code marker}. */
    public List<RecordedRequest> requestsContaining(String marker) {
        return requests().stream().filter(request -> request.mentions(marker)).toList();
    }

    /** Sockets currently open. */
    public int openConnections() {
        return connections.size();
    }

    /** Sockets accepted since start, open or not; equals the number of requests when nothing is reused. */
    public int acceptedConnections() {
        return acceptedConnections.get();
    }

    /** Completes with the first request in which any message contains {@code marker}, once it has arrived. */
    public CompletableFuture<RecordedRequest> requestReceived(String marker) {
        return first(marker).thenApply(Received::request);
    }

    /**
     * Completes when the connection that carried the first request mentioning {@code marker} closes, normally
     * because the client closed it. Noticed at once, even while a script hangs or stalls.
     */
    public CompletableFuture<Instant> connectionClosed(String marker) {
        return first(marker).thenCompose(first -> first.connection().closed());
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(Connection::close);
        threads.shutdownNow();
    }

    private CompletableFuture<Received> first(String marker) {
        synchronized (lock) {
            return firstByMarker.computeIfAbsent(marker, key -> {
                CompletableFuture<Received> first = new CompletableFuture<>();
                received.stream().filter(r -> r.request().mentions(key)).findFirst()
                        .ifPresentOrElse(first::complete, () -> watches.add(new Watch(key, first)));
                return first;
            });
        }
    }

    private void acceptConnections() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                acceptedConnections.incrementAndGet();
                threads.execute(() -> serve(socket));
            } catch (IOException | RejectedExecutionException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        Connection connection;
        try {
            connection = new Connection(socket);
        } catch (IOException e) {
            return;
        }
        connections.add(connection);
        try (connection) {
            if (serverSocket.isClosed()) {
                return; // close() may have missed this connection
            }
            threads.execute(connection::readRequests);
            boolean open = true;
            while (open) {
                Optional<RawRequest> request = connection.nextRequest();
                open = request.isPresent() && respond(connection, request.get());
            }
        } catch (IOException | InterruptedException | RejectedExecutionException e) {
            // the client went away or the fake is closing
        } finally {
            connections.remove(connection);
        }
    }

    /** Returns whether the connection may carry another request. */
    private boolean respond(Connection connection, RawRequest raw) throws IOException, InterruptedException {
        RecordedRequest request = record(connection, raw);
        return new ResponsePlayer(connection, request, scriptFor(raw, request)).play() && !raw.wantsClose();
    }

    private Script scriptFor(RawRequest raw, RecordedRequest request) {
        if (!raw.path().equals(COMPLETIONS_PATH)) {
            return Script.error(404, "Unknown path " + raw.path());
        }
        if (!raw.method().equals("POST")) {
            return Script.error(405, "Use POST");
        }
        if (!request.body().isObject()) {
            return Script.error(400, "The body is not a JSON object");
        }
        String lastUserMessage = request.lastUserMessage();
        if (!request.stream()) {
            for (Map.Entry<String, Script> entry : completionScripts) {
                if (lastUserMessage.contains(entry.getKey())) {
                    return entry.getValue().next();
                }
            }
        }
        for (Map.Entry<String, Script> entry : scripts) {
            if (lastUserMessage.contains(entry.getKey())) {
                return entry.getValue().next();
            }
        }
        return defaultScript.apply(request);
    }

    private static Script echo(RecordedRequest request) {
        return request.stream()
                ? Script.reply(Script.words("You said: " + request.lastUserMessage(), 4))
                : Script.reply("Fake topic");
    }

    private RecordedRequest record(Connection connection, RawRequest raw) {
        JsonNode body = json(raw.body());
        RecordedRequest request = new RecordedRequest(raw.target(), raw.headers(), body,
                body.path("stream").asBoolean(false), Instant.now());
        if (!recording) {
            return request;
        }
        Received arrival = new Received(request, connection);
        List<Watch> matched;
        synchronized (lock) {
            received.add(arrival);
            matched = watches.stream().filter(watch -> request.mentions(watch.marker())).toList();
            watches.removeAll(matched);
        }
        matched.forEach(watch -> watch.first().complete(arrival));
        return request;
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            return Wire.JSON.readTree(text);
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }
}
