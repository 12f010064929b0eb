package dev.chatstream.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plays one {@link Script} as the response to one request. */
final class ResponsePlayer {

    private final Connection connection;
    private final HttpOut out;
    private final RecordedRequest request;
    private final Script script;
    private final Wire wire;

    ResponsePlayer(Connection connection, RecordedRequest request, Script script) {
        this.connection = connection;
        this.out = new HttpOut(connection.out());
        this.request = request;
        this.script = script;
        this.wire = new Wire(request.model().isEmpty() ? "fake-model" : request.model());
    }

    /** Sends the response; returns whether the connection may carry another request. */
    boolean play() throws IOException, InterruptedException {
        if (script.hang) {
            connection.awaitClose();
            return false;
        }
        if (connection.closesWithin(script.headersDelay)) {
            return false;
        }
        if (script.isError()) {
            byte[] body = Wire.error(script.status, script.errorMessage).getBytes(StandardCharsets.UTF_8);
            out.full(script.status, headers("application/json"), body);
            return true;
        }
        return request.stream() ? stream() : complete();
    }

    private boolean stream() throws IOException, InterruptedException {
        Map<String, String> headers = headers("text/event-stream");
        headers.put("Transfer-Encoding", "chunked");
        headers.put("Cache-Control", "no-cache");
        out.head(200, headers);
        if (connection.closesWithin(script.firstChunkDelay)) {
            return false;
        }
        event(wire.roleChunk());
        for (String reasoning : script.reasoning) {
            if (connection.closesWithin(script.interval)) {
                return false;
            }
            event(wire.deltaChunk("reasoning_content", reasoning));
        }
        for (int sent = 0; ; sent++) {
            if (sent == script.dropAfter) {
                connection.close();
                return false;
            }
            if (sent == script.garbageAfter) {
                out.chunk("data: {not json\n\n");
            }
            if (sent == script.stallAfter) {
                connection.awaitClose();
                return false;
            }
            if (sent == script.content.size()) {
                break;
            }
            if (connection.closesWithin(script.interval)) {
                return false;
            }
            event(wire.deltaChunk("content", script.content.get(sent)));
        }
        event(wire.finishChunk(script.finishReason));
        if (request.includeUsage()) {
            event(wire.usageChunk(promptTokens(), completionTokens()));
        }
        out.chunk("data: [DONE]\n\n");
        out.endChunks();
        return true;
    }

    /** Non-streaming: the whole answer after the time the stream would have taken. */
    private boolean complete() throws IOException, InterruptedException {
        int chunks = script.reasoning.size() + script.content.size();
        Duration generation = script.firstChunkDelay.plus(script.interval.multipliedBy(chunks));
        if (connection.closesWithin(generation)) {
            return false;
        }
        String json = wire.completion(String.join("", script.content), String.join("", script.reasoning),
                script.finishReason, promptTokens(), completionTokens());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (script.dropAfter >= 0 || script.stallAfter >= 0) {
            out.truncated(200, headers("application/json"), body, body.length / 2);
            if (script.dropAfter >= 0) {
                connection.close();
            } else {
                connection.awaitClose();
            }
            return false;
        }
        out.full(200, headers("application/json"), body);
        return true;
    }

    private void event(String json) throws IOException {
        out.chunk("data: " + json + "\n\n");
    }

    private Map<String, String> headers(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("x-request-id", "req_" + Wire.randomId(24));
        headers.putAll(script.headers);
        return headers;
    }

    private int promptTokens() {
        if (script.promptTokens != null) {
            return script.promptTokens;
        }
        return request.messages().stream().mapToInt(message -> wordCount(message.content())).sum();
    }

    private int completionTokens() {
        return script.completionTokens != null ? script.completionTokens : script.content.size();
    }

    private static int wordCount(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
