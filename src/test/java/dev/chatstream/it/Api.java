package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The chatstream HTTP API as a client uses it: real HTTP, real tokens, SSE parsed line by line. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final URI base;
    private final URI health;

    Api(URL base) {
        this(base, URI.create(base.toString()));
    }

    /** With MicroProfile Health at {@code health} rather than with the application (WildFly's management port). */
    Api(URL base, URI health) {
        this(URI.create(base.toString()), health, HttpClient.Version.HTTP_2);
    }

    private Api(URI base, URI health, HttpClient.Version version) {
        this.base = withSlash(base);
        this.health = withSlash(health);
        this.http = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * The same server over HTTP/1.1 only: a connection per stream, as browsers and most clients open them. Over
     * HTTP/2 the JDK's client multiplexes every request onto one connection, whose stream limit queues a burst.
     */
    Api overHttp1() {
        return new Api(base, health, HttpClient.Version.HTTP_1_1);
    }

    private static URI withSlash(URI uri) {
        return uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
    }

    /** {@code /health/ready} or {@code /health/live}, wherever this server serves them. */
    HttpResponse<String> health(String check) {
        return send(HttpRequest.newBuilder(health.resolve("health/" + check)).timeout(Duration.ofSeconds(10)).build());
    }

    String token(String user) {
        return token(Map.of("user", user));
    }

    String token(Map<String, Object> request) {
        HttpResponse<String> response = post("api/v1/auth/dev-token", null, json(request));
        if (response.statusCode() != 200) {
            throw new AssertionError("dev token refused: " + response.statusCode() + " " + response.body());
        }
        return read(response.body()).path("token").asText();
    }

    HttpResponse<String> post(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Like {@link #post}, with a body of unknown length: chunked over HTTP/1.1, without Content-Length over HTTP/2. */
    HttpResponse<String> postWithoutLength(String path, String token, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    HttpResponse<String> delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    HttpResponse<String> put(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> patch(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** chatstream's own metrics, in the Prometheus text format. */
    String metrics() {
        HttpResponse<String> response = get("/metrics", null);
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The value of metric {@code name}'s first sample whose labels include {@code labels} ({@code key="value"}). */
    OptionalDouble sample(String name, String... labels) {
        return metrics().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Stream.of(labels).allMatch(line.substring(name.length(), line.lastIndexOf(' '))::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }

    /** Like {@link #sample}, 0 for a metric that is not there (yet). */
    double metric(String name, String... labels) {
        return sample(name, labels).orElse(0);
    }

    /**
     * A message in a new session that already has a topic: it starts no title request, so whatever the fake
     * upstream is scripted to do for the message meets the streaming request alone.
     */
    Map<String, Object> inNamedSession(String token, String message) {
        String session = expect(201, post("api/v1/sessions", token, "{\"topic\":\"named\"}")).path("id").asText();
        return Map.of("message", message, "session_id", session);
    }

    /** The JSON body of a response that must have the given status. */
    static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? null : read(response.body());
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    StreamResult stream(String token, Map<String, Object> body) {
        return stream(streamRequest(token, body));
    }

    /** Reads a whole event stream, recording when each event and comment arrived. */
    StreamResult stream(HttpRequest request) {
        return stream(request, event -> true);
    }

    /** A stream being read in the background, known by its reply id. */
    record Started(String replyId, CompletableFuture<StreamResult> result) {
    }

    /** Starts a stream in the background and returns once its {@code start} event has arrived. */
    Started startStream(String token, Map<String, Object> body) throws Exception {
        return startStream(token, body, event -> { });
    }

    /** The same, showing every event to {@code alsoSee} as it arrives. */
    Started startStream(String token, Map<String, Object> body, Consumer<SseEvent> alsoSee) throws Exception {
        CompletableFuture<String> replyId = new CompletableFuture<>();
        CompletableFuture<StreamResult> result = streamAsync(streamRequest(token, body), event -> {
            if (event.type().equals("start")) {
                replyId.complete(event.text("reply_id"));
            }
            alsoSee.accept(event);
            return true;
        });
        result.whenComplete((ended, failed) -> replyId.completeExceptionally(
                new AssertionError("the stream ended without a start event: " + (ended == null ? failed : ended.errorBody()))));
        return new Started(replyId.get(20, TimeUnit.SECONDS), result);
    }

    /** Reads an event stream in the background; {@code reader} sees each event and returns false to hang up. */
    CompletableFuture<StreamResult> streamAsync(HttpRequest request, Predicate<SseEvent> reader) {
        return CompletableFuture.supplyAsync(() -> stream(request, reader), Executors.newVirtualThreadPerTaskExecutor());
    }

    HttpRequest streamRequest(String token, Map<String, Object> body) {
        return request("api/v1/chat/stream", token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))).build();
    }

    HttpRequest attachRequest(String token, String replyId, Long lastEventId) {
        HttpRequest.Builder builder = request("api/v1/chat/streams/" + replyId, token).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId.toString());
        }
        return builder.GET().build();
    }

    /** Reads an event stream until it ends or {@code reader} returns false (then the connection is closed). */
    StreamResult stream(HttpRequest request, Predicate<SseEvent> reader) {
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                String body = String.join("\n", response.body().toList());
                return new StreamResult(response.statusCode(), response.headers(), List.of(), List.of(), body);
            }
            List<SseEvent> events = new ArrayList<>();
            List<Instant> comments = new ArrayList<>();
            long id = -1;
            StringBuilder data = new StringBuilder();
            Stream<String> body = response.body();
            Iterator<String> lines = body.iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        SseEvent event = new SseEvent(id, read(data.toString()), Instant.now());
                        events.add(event);
                        data.setLength(0);
                        if (!reader.test(event)) {
                            body.close(); // hang up, as a closed tab does
                            break;
                        }
                    }
                } else if (line.startsWith(":")) {
                    comments.add(Instant.now());
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                } else if (line.startsWith("event:")) {
                    throw new AssertionError("events must be unnamed, got " + line);
                }
            }
            return new StreamResult(200, response.headers(), events, comments, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
