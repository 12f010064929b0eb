package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.ChatMessage;
import dev.chatstream.testing.Script;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible API on the wire, byte for byte what OpenAI's SDKs parse: the chunk stream, the completion
 * object, the error shape, and that every call is a stored chat turn. (OpenAiJavaClientIT and OpenAiNodeClientIT
 * drive it with the official clients.)
 */
@Tag("every-server")
class OpenAiApiIT extends ServerIT {

    private static final String COMPLETIONS = "openai/v1/chat/completions";

    private String key(String token) {
        return Api.expect(201, api.post("api/v1/api-keys", token, "{\"name\":\"sdk\"}")).path("key").asText();
    }

    @Test
    void aStreamIsDataLinesOfChunksThenUsageThenDone() {
        String marker = marker();
        upstream.script(marker, Script.reply("Hello", ", world").reasoning("Hm.").usage(12, 3).interval(Duration.ofMillis(10)));
        String key = key(api.token("oai-stream-" + marker));

        HttpResponse<Stream<String>> response = post(key, """
                {"model": "teacher", "stream": true, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "Hi %s"}]}""".formatted(marker));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElseThrow());
        String session = response.headers().firstValue("X-Chatstream-Session").orElseThrow();
        List<String> lines = response.body().filter(line -> !line.isEmpty()).toList();
        assertTrue(lines.stream().allMatch(line -> line.startsWith("data: ") || line.startsWith(":")),
                "only data lines and comments, no named events or ids: " + lines);
        List<String> data = lines.stream().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
        assertEquals("[DONE]", data.get(data.size() - 1));
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(Api::read).toList();
        String id = chunks.get(0).path("id").asText();
        for (JsonNode chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            assertEquals(id, chunk.path("id").asText(), "one id for the whole completion");
            assertEquals("teacher", chunk.path("model").asText());
            assertTrue(chunk.path("created").asLong() > 0);
        }
        assertEquals("assistant", chunks.get(0).path("choices").get(0).path("delta").path("role").asText());
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices").forEach(choice -> {
            text.append(choice.path("delta").path("content").asText(""));
            reasoning.append(choice.path("delta").path("reasoning_content").asText(""));
        }));
        assertEquals("Hello, world", text.toString());
        assertEquals("Hm.", reasoning.toString());
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertEquals("stop", finish.path("choices").get(0).path("finish_reason").asText());
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertEquals(0, usage.path("choices").size(), "the usage chunk has no choices");
        assertEquals(12, usage.path("usage").path("prompt_tokens").asInt());
        assertEquals(15, usage.path("usage").path("total_tokens").asInt());

        List<Map<String, Object>> stored = Db.messagesOf(UUID.fromString(session));
        assertEquals(List.of("USER", "ASSISTANT"), stored.stream().map(row -> row.get("role")).toList());
        assertEquals("Hi " + marker, stored.get(0).get("content"));
        assertEquals("Hello, world", stored.get(1).get("content"));
        assertEquals("COMPLETE", stored.get(1).get("status"));
    }

    @Test
    void withoutStreamingTheAnswerIsOneCompletionAndTheModelSeesTheClientsMessages() {
        String marker = marker();
        upstream.script(marker, Script.reply("Four.").usage(20, 2));
        String token = api.token("oai-whole-" + marker);

        HttpResponse<String> response = api.send(api.request(COMPLETIONS, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "teacher", "temperature": 0.1, "max_tokens": 50, "stop": ["END"],
                         "messages": [{"role": "developer", "content": "Answer in one word."},
                                      {"role": "user", "content": "2+1?"},
                                      {"role": "assistant", "content": "Three."},
                                      {"role": "user", "content": [{"type": "text", "text": "And 2+2? "},
                                                                   {"type": "text", "text": "%s"}]}]}""".formatted(marker)))
                .build());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode completion = Api.read(response.body());
        assertEquals("chat.completion", completion.path("object").asText());
        assertEquals("Four.", completion.path("choices").get(0).path("message").path("content").asText());
        assertEquals("assistant", completion.path("choices").get(0).path("message").path("role").asText());
        assertEquals("stop", completion.path("choices").get(0).path("finish_reason").asText());
        assertEquals(22, completion.path("usage").path("total_tokens").asInt());

        List<ChatMessage> sent = upstream.requestsContaining(marker).get(0).messages();
        assertEquals("system", sent.get(0).role(), "the assistant's own instructions first");
        assertTrue(sent.get(0).content().startsWith("You are a patient teacher"));
        assertEquals(List.of(new ChatMessage("system", "Answer in one word."), new ChatMessage("user", "2+1?"),
                new ChatMessage("assistant", "Three."), new ChatMessage("user", "And 2+2? " + marker)), sent.subList(1, 5),
                "then exactly what the client sent, nothing else");
        RecordedBody body = new RecordedBody(upstream.requestsContaining(marker).get(0).body());
        assertEquals(0.1, body.json.path("temperature").asDouble());
        assertEquals("END", body.json.path("stop").get(0).asText());

        UUID session = UUID.fromString(response.headers().firstValue("X-Chatstream-Session").orElseThrow());
        List<Map<String, Object>> stored = Db.messagesOf(session);
        assertEquals(List.of("And 2+2? " + marker, "Four."), stored.stream().map(row -> row.get("content")).toList(),
                "the session keeps the last user message and the reply, not the client's history");
    }

    @Test
    void theSessionHeaderContinuesASession() {
        String first = marker();
        String second = marker();
        upstream.script(first, Script.reply("One."));
        upstream.script(second, Script.reply("Two."));
        String token = api.token("oai-continue-" + first);
        HttpResponse<String> opened = complete(token, "assistant", "Count " + first, null);
        String session = opened.headers().firstValue("X-Chatstream-Session").orElseThrow();

        HttpResponse<String> continued = complete(token, "assistant", "Again " + second, session);

        assertEquals(200, continued.statusCode(), continued.body());
        assertEquals(session, continued.headers().firstValue("X-Chatstream-Session").orElseThrow());
        assertEquals(4, Db.messagesOf(UUID.fromString(session)).size());
    }

    @Test
    void aClientThatResendsTheWholeConversationGoesOnInTheSessionItContinues() {
        String first = marker();
        String second = marker();
        String third = marker();
        upstream.script(first, Script.reply("Paris."));
        upstream.script(second, Script.reply("About 2 million."));
        upstream.script(third, Script.reply("Lyon."));
        String token = api.token("oai-resend-" + first);
        String session = complete(token, "assistant", "Capital of France? " + first, null)
                .headers().firstValue("X-Chatstream-Session").orElseThrow();

        HttpResponse<String> next = send(token, """
                {"model": "assistant", "messages": [{"role": "system", "content": "Be brief."},
                  {"role": "user", "content": "Capital of France? %s"}, {"role": "assistant", "content": "Paris."},
                  {"role": "user", "content": "Its population? %s"}]}""".formatted(first, second));

        assertEquals(session, next.headers().firstValue("X-Chatstream-Session").orElseThrow(),
                "the stored messages are exactly the client's history: the same session goes on");
        assertEquals(4, Db.messagesOf(UUID.fromString(session)).size());
        HttpResponse<String> edited = send(token, """
                {"model": "assistant", "messages": [{"role": "user", "content": "Capital of France? %s"},
                  {"role": "assistant", "content": "Lyon?"}, {"role": "user", "content": "Sure? %s"}]}"""
                .formatted(first, third));
        assertFalse(session.equals(edited.headers().firstValue("X-Chatstream-Session").orElseThrow()),
                "a history that differs from every stored session starts a new one");
    }

    @Test
    void theSameIdempotencyKeyTwiceIsOneReply() {
        String marker = marker();
        upstream.script(marker, Script.reply("Only once."));
        String token = api.token("oai-idempotent-" + marker);
        String body = "{\"model\": \"teacher\", \"messages\": [{\"role\": \"user\", \"content\": \"Once " + marker + "\"}]}";
        HttpRequest request = api.request(COMPLETIONS, token).header("Content-Type", "application/json")
                .header("Idempotency-Key", "order-" + marker.substring(4)).POST(HttpRequest.BodyPublishers.ofString(body)).build();

        HttpResponse<String> once = api.send(request);
        HttpResponse<String> again = api.send(request);

        assertEquals(200, again.statusCode(), again.body());
        assertEquals(Api.read(once.body()).path("choices").get(0).path("message").path("content").asText(),
                Api.read(again.body()).path("choices").get(0).path("message").path("content").asText());
        assertEquals(once.headers().firstValue("X-Chatstream-Session"), again.headers().firstValue("X-Chatstream-Session"));
        assertEquals(1, upstream.requestsContaining(marker).stream().filter(recorded -> recorded.stream()).count(),
                "the model was asked once");
    }

    private HttpResponse<String> send(String bearer, String body) {
        return api.send(api.request(COMPLETIONS, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The suite allows the provider's model {@code direct-model} by name (it.server.options). */
    @Test
    void anAllowedProviderModelMayBeNamedDirectly() {
        String marker = marker();
        upstream.script(marker, Script.reply("Straight from the model."));
        String token = api.token("oai-direct-" + marker);

        HttpResponse<String> response = complete(token, "direct-model", "Hi " + marker, null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("direct-model", Api.read(response.body()).path("model").asText());
        assertEquals("direct-model", upstream.requestsContaining(marker).get(0).body().path("model").asText(),
                "the provider was asked for that model");
        JsonNode listed = Api.expect(200, api.get("openai/v1/models/direct-model", token));
        assertEquals("provider", listed.path("owned_by").asText());
    }

    @Test
    void refusalsComeInOpenAisErrorShape() {
        String token = api.token("oai-errors-" + marker());
        assertError(complete("cs_not-a-real-key", "teacher", "hi", null), 401, "authentication_error", null, "invalid_api_key");
        assertError(complete(token, "no-such-assistant", "hi", null), 404, "invalid_request_error", "model", "model_not_found");
        for (String[] refused : new String[][] {
                {"\"n\": 2", "n"}, {"\"tools\": [{\"type\": \"function\"}]", "tools"}, {"\"logprobs\": true", "logprobs"},
                {"\"temperature\": 3", "temperature"}, {"\"audio\": {}", "audio"}}) {
            HttpResponse<String> response = api.send(api.request(COMPLETIONS, token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"teacher\", " + refused[0]
                            + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")).build());
            assertError(response, 400, "invalid_request_error", refused[1], null);
        }
        HttpResponse<String> lastNotUser = api.send(api.request(COMPLETIONS, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"teacher\", \"messages\": [{\"role\": \"assistant\", \"content\": \"hi\"}]}")).build());
        assertError(lastNotUser, 400, "invalid_request_error", "messages", null);
        HttpResponse<String> notJson = api.send(api.request(COMPLETIONS, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{")).build());
        assertError(notJson, 400, "invalid_request_error", null, null);
        assertError(api.get("openai/v1/models/nothing-like-it", token), 404, "invalid_request_error", "model", "model_not_found");
    }

    @Test
    void theModelsAreTheAssistants() {
        String token = api.token("oai-models-" + marker());
        JsonNode models = Api.expect(200, api.get("openai/v1/models", token));
        assertEquals("list", models.path("object").asText());
        List<String> ids = models.path("data").findValuesAsText("id");
        assertTrue(ids.containsAll(List.of("assistant", "teacher", "programmer")), ids.toString());
        JsonNode teacher = Api.expect(200, api.get("openai/v1/models/teacher", key(token)));
        assertEquals("model", teacher.path("object").asText());
        assertEquals("chatstream", teacher.path("owned_by").asText());
    }

    @Test
    void aClientThatGoesAwayStopsTheModelAndThePartIsSavedCancelled() throws Exception {
        String marker = marker();
        String[] story = new String[200]; // 20 s of text unless the client's leaving stops it
        Arrays.fill(story, " and then");
        story[0] = "Once upon a time";
        upstream.script(marker, Script.reply(story).interval(Duration.ofMillis(100)));
        String key = key(api.token("oai-abort-" + marker));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + COMPLETIONS)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"friend\", \"stream\": true, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"Tell a story " + marker + "\"}]}")).build();
        // HTTP/1.1, as the OpenAI SDKs speak it: closing the body then closes the connection, which the server notices
        HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        String session = response.headers().firstValue("X-Chatstream-Session").orElseThrow();
        try (InputStream body = response.body()) {
            String seen = "";
            while (!seen.contains("Once upon")) {
                byte[] some = new byte[256];
                int read = body.read(some);
                assertTrue(read > 0, "the stream ended early: " + seen);
                seen += new String(some, 0, read, StandardCharsets.UTF_8);
            }
        } // closing the body drops the connection, as an aborting SDK does

        Instant closed = upstream.connectionClosed(marker).get(10, TimeUnit.SECONDS);
        assertFalse(closed == null, "the model call was stopped");
        UUID sessionId = UUID.fromString(session);
        Eventually.eventually(Duration.ofSeconds(10), () -> "CANCELLED".equals(Db.messagesOf(sessionId).get(1).get("status")),
                () -> Db.messagesOf(sessionId).toString());
        String kept = (String) Db.messagesOf(sessionId).get(1).get("content");
        assertTrue(kept.startsWith("Once upon"), "the part so far is kept: " + kept);
    }

    private HttpResponse<Stream<String>> post(String bearer, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + COMPLETIONS))
                    .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> complete(String bearer, String model, String message, String session) {
        HttpRequest.Builder request = api.request(COMPLETIONS, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"" + model + "\", \"messages\": "
                        + "[{\"role\": \"user\", \"content\": \"" + message + "\"}]}"));
        if (session != null) {
            request.header("X-Chatstream-Session", session);
        }
        return api.send(request.build());
    }

    private static void assertError(HttpResponse<String> response, int status, String type, String param, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = Api.read(response.body()).path("error");
        assertFalse(error.path("message").asText().isBlank(), response.body());
        assertEquals(type, error.path("type").asText(), response.body());
        if (param != null) {
            assertEquals(param, error.path("param").asText(), response.body());
        }
        if (code != null) {
            assertEquals(code, error.path("code").asText(), response.body());
        }
    }

    private record RecordedBody(JsonNode json) {
    }

    private static String marker() {
        return "oai-" + UUID.randomUUID();
    }
}
