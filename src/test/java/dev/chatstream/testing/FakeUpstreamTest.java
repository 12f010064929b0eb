package dev.chatstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.JsonValue;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import okhttp3.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FakeUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeUpstream fake;
    private HttpClient http;

    @BeforeEach
    void start() {
        fake = FakeUpstream.start(0);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        http.shutdownNow();
        fake.close();
    }

    @Test
    void streamsInTheOpenAiWireFormat() throws Exception {
        fake.script("wire", Script.reply("Hel", "lo", " world").reasoning("Let me ", "think.").usage(7, 3));

        HttpResponse<String> response = send(body("gpt-test", "wire format please", true, true));

        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("text/event-stream"), response.headers().firstValue("Content-Type"));
        List<String> data = dataOf(response.body());
        assertEquals("[DONE]", data.getLast());
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(FakeUpstreamTest::parse).toList();
        assertEquals(8, chunks.size(), "role, 2 reasoning, 3 content, finish, usage: " + data);

        String id = chunks.getFirst().get("id").asText();
        assertTrue(id.startsWith("chatcmpl-"), id);
        for (JsonNode chunk : chunks) {
            assertEquals(id, chunk.get("id").asText());
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertEquals("gpt-test", chunk.get("model").asText());
            assertTrue(Math.abs(chunk.get("created").asLong() - Instant.now().getEpochSecond()) < 60);
        }
        assertEquals(JSON.readTree("{\"role\":\"assistant\",\"content\":\"\"}"), delta(chunks.get(0)));
        assertEquals("Let me ", delta(chunks.get(1)).get("reasoning_content").asText());
        assertEquals("think.", delta(chunks.get(2)).get("reasoning_content").asText());
        assertEquals(List.of("Hel", "lo", " world"),
                chunks.subList(3, 6).stream().map(chunk -> delta(chunk).get("content").asText()).toList());
        for (JsonNode chunk : chunks.subList(0, 6)) {
            assertTrue(choice(chunk).get("finish_reason").isNull());
            assertEquals(0, choice(chunk).get("index").asInt());
        }
        JsonNode finish = chunks.get(6);
        assertTrue(delta(finish).isEmpty());
        assertEquals("stop", choice(finish).get("finish_reason").asText());
        JsonNode usage = chunks.get(7);
        assertTrue(usage.get("choices").isArray() && usage.get("choices").isEmpty());
        assertEquals(JSON.readTree("{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}"),
                usage.get("usage"));
    }

    @Test
    void leavesUsageOutUnlessAskedAndDefaultsToEchoing() throws Exception {
        HttpResponse<String> response = send(body("m", "hello there", true, false));

        List<String> data = dataOf(response.body());
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(FakeUpstreamTest::parse).toList();
        StringBuilder content = new StringBuilder();
        chunks.forEach(chunk -> content.append(delta(chunk).path("content").asText("")));
        assertEquals("You said: hello there", content.toString());
        assertEquals("stop", choice(chunks.getLast()).get("finish_reason").asText());
        assertTrue(chunks.stream().noneMatch(chunk -> chunk.has("usage")));
    }

    @Test
    void sendsEveryEventAsItsOwnChunkOfAChunkedBody() throws Exception {
        fake.script("raw", Script.reply("a", "b").finishReason("length"));

        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            writeRequest(socket, body("m", "raw chunks", true, true));
            InputStream in = socket.getInputStream();

            assertEquals("HTTP/1.1 200 OK", line(in));
            List<String> headers = new ArrayList<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                headers.add(header.toLowerCase());
            }
            assertTrue(headers.contains("transfer-encoding: chunked"), headers.toString());
            assertTrue(headers.contains("content-type: text/event-stream"), headers.toString());

            List<String> chunks = new ArrayList<>();
            for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                chunks.add(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                assertEquals("", line(in));
            }
            assertEquals("", line(in), "end of the chunked body");
            assertEquals(6, chunks.size(), chunks.toString()); // role, a, b, finish, usage, [DONE]
            for (String chunk : chunks) {
                boolean oneEvent = chunk.startsWith("data: ") && chunk.indexOf("\n\n") == chunk.length() - 2;
                assertTrue(oneEvent, "one event per chunk: " + chunk);
            }
            assertEquals("length", choice(parse(chunks.get(3).substring(6).strip())).get("finish_reason").asText());
            assertEquals("data: [DONE]\n\n", chunks.getLast());
        }
    }

    @Test
    void keepsTheConnectionAliveForSeveralRequests() throws Exception {
        HttpResponse<String> first = send(body("m", "one", true, false));
        HttpResponse<String> second = send(body("m", "two", false, false));
        HttpResponse<String> third = send(body("m", "three", true, false));

        assertEquals(List.of(200, 200, 200), List.of(first.statusCode(), second.statusCode(), third.statusCode()));
        assertEquals("[DONE]", dataOf(third.body()).getLast());
        assertEquals(3, fake.requests().size());
        assertEquals(1, fake.acceptedConnections());
        assertEquals(1, fake.openConnections());
    }

    @Test
    void answersNonStreamingRequests() throws Exception {
        HttpResponse<String> response = send(body("gpt-test", "name this chat", false, false));

        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("application/json"), response.headers().firstValue("Content-Type"));
        JsonNode completion = parse(response.body());
        assertEquals("chat.completion", completion.get("object").asText());
        assertTrue(completion.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("gpt-test", completion.get("model").asText());
        JsonNode choice = choice(completion);
        assertEquals("assistant", choice.get("message").get("role").asText());
        assertEquals("Fake topic", choice.get("message").get("content").asText());
        assertEquals("stop", choice.get("finish_reason").asText());
        assertEquals(3, completion.get("usage").get("prompt_tokens").asInt());
        assertEquals(1, completion.get("usage").get("completion_tokens").asInt());
        assertEquals(4, completion.get("usage").get("total_tokens").asInt());
    }

    @Test
    void concatenatesScriptedChunksForNonStreamingRequests() throws Exception {
        fake.script("topic", Script.reply("Trip ", "to ", "Rome"));

        HttpResponse<String> response = send(body("m", "topic please", false, false));

        assertEquals("Trip to Rome", choice(parse(response.body())).get("message").get("content").asText());
    }

    @Test
    void sendsErrorsWithStatusBodyAndHeaders() throws Exception {
        fake.script("busy", Script.error(429, "Slow down").header("Retry-After", "2"));

        HttpResponse<String> response = send(body("m", "busy?", true, false));

        assertEquals(429, response.statusCode());
        assertEquals(Optional.of("2"), response.headers().firstValue("Retry-After"));
        assertEquals(Optional.of("application/json"), response.headers().firstValue("Content-Type"));
        JsonNode error = parse(response.body()).get("error");
        assertEquals("Slow down", error.get("message").asText());
        assertEquals("rate_limit_error", error.get("type").asText());
        assertTrue(error.get("code").isNull());
    }

    @Test
    void failsFirstThenSucceeds() throws Exception {
        fake.script("flaky", Script.failFirst(2, Script.error(503, "Overloaded"), Script.reply("fine")));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(send(body("m", "flaky", false, false)).statusCode());
        }

        assertEquals(List.of(503, 503, 200), statuses);
    }

    @Test
    void dropAfterClosesTheConnectionInTheMiddleOfTheBody() throws Exception {
        fake.script("drop", Script.reply("one", "two", "three").dropAfter(2));

        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            writeRequest(socket, body("m", "drop it", true, false));
            String received = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(received.startsWith("HTTP/1.1 200 OK\r\n"), received);
            assertTrue(received.contains("\"two\""), received);
            assertFalse(received.contains("\"three\""), received);
            assertFalse(received.contains("[DONE]"), received);
            assertFalse(received.endsWith("0\r\n\r\n"), "no terminating chunk");
        }
    }

    @Test
    void httpClientsNoticeTheDrop() throws Exception {
        fake.script("drop", Script.reply("one", "two", "three").dropAfter(2));

        try {
            HttpResponse<String> response = send(body("m", "drop it", true, false));
            assertFalse(response.body().contains("[DONE]"), response.body());
        } catch (IOException expected) {
            // the usual outcome: the chunked body ended early
        }
    }

    @Test
    void delaysHeadersAndTheFirstChunk() throws Exception {
        fake.script("slow", Script.reply("late").headersDelay(Duration.ofMillis(150))
                .firstChunkDelay(Duration.ofMillis(150)));

        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(post(body("m", "slow", true, false)),
                HttpResponse.BodyHandlers.ofInputStream());
        long headersMillis = (System.nanoTime() - start) / 1_000_000;
        try (InputStream body = response.body()) {
            body.read();
            long firstByteMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(headersMillis >= 150, "headers after " + headersMillis + " ms");
            assertTrue(firstByteMillis >= 300, "first chunk after " + firstByteMillis + " ms");
        }
    }

    @Test
    void garbageAfterInsertsAnEventThatIsNotJson() throws Exception {
        fake.script("junk", Script.reply("x", "y").garbageAfter(1));

        HttpResponse<String> response = send(body("m", "junk", true, false));

        List<String> data = dataOf(response.body());
        assertEquals("{not json", data.get(2)); // after the role chunk and "x"
        assertEquals("y", delta(parse(data.get(3))).get("content").asText());
        assertEquals("[DONE]", data.getLast());
    }

    @Test
    void noticesWhenTheClientGivesUpOnAHangingRequest() throws Exception {
        fake.script("hang", Script.reply().hang());
        CompletableFuture<Instant> closed = fake.connectionClosed("hang");

        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(post(body("m", "hang please", true, false)),
                HttpResponse.BodyHandlers.ofString());
        fake.requestReceived("hang").get(5, TimeUnit.SECONDS);
        assertFalse(closed.isDone());
        assertEquals(1, fake.openConnections());

        Instant cancelledAt = Instant.now();
        pending.cancel(true);

        Instant closedAt = closed.get(1, TimeUnit.SECONDS);
        assertTrue(Duration.between(cancelledAt, closedAt).compareTo(Duration.ofSeconds(1)) < 0);
    }

    @Test
    void recordsRequests() throws Exception {
        ObjectNode body = body("gpt-rec", "second question", true, true);
        body.withArray("messages").insertObject(0).put("role", "system").put("content", "be brief");
        body.withArray("messages").insertObject(1).put("role", "user").put("content", "first question");
        body.withArray("messages").insertObject(2).put("role", "assistant").put("content", "first answer");
        body.put("temperature", 0.5).put("max_completion_tokens", 100).put("reasoning_effort", "low");

        http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                        .header("Authorization", "Bearer secret")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());

        List<RecordedRequest> requests = fake.requests();
        assertEquals(1, requests.size());
        RecordedRequest request = requests.getFirst();
        assertEquals("/v1/chat/completions", request.path());
        assertEquals("Bearer secret", request.headers().get("authorization"));
        assertTrue(request.stream());
        assertEquals(List.of(new ChatMessage("system", "be brief"), new ChatMessage("user", "first question"),
                new ChatMessage("assistant", "first answer"), new ChatMessage("user", "second question")),
                request.messages());
        assertEquals("second question", request.lastUserMessage());
        assertEquals(0.5, request.body().get("temperature").asDouble());
        assertEquals("low", request.body().get("reasoning_effort").asText());
        assertEquals(List.of(request), fake.requestsContaining("first answer"));
        assertEquals(List.of(), fake.requestsContaining("never said"));
    }

    @Test
    void newestMatchingScriptWins() throws Exception {
        fake.script("color", Script.reply("old"));
        fake.script("color", Script.reply("new"));

        HttpResponse<String> response = send(body("m", "favourite color?", false, false));

        assertEquals("new", choice(parse(response.body())).get("message").get("content").asText());
    }

    @Test
    void theOpenAiSdkReadsTheStreamIncludingReasoning() throws Exception {
        fake.script("sdk", Script.reply("Hello", ", ", "SDK").reasoning("Pondering", " deeply")
                .interval(Duration.ofMillis(5)));
        OpenAIClientAsync client = sdk();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model("deepseek-reasoner")
                    .addUserMessage("hi sdk")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build();
            StringBuilder content = new StringBuilder();
            StringBuilder reasoning = new StringBuilder();
            List<String> finishReasons = Collections.synchronizedList(new ArrayList<>());
            List<CompletionUsage> usages = Collections.synchronizedList(new ArrayList<>());

            AsyncStreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)
                    .subscribe(chunk -> {
                        chunk.usage().ifPresent(usages::add);
                        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                            choice.delta().content().ifPresent(content::append);
                            JsonValue thought = choice.delta()._additionalProperties().get("reasoning_content");
                            if (thought != null) {
                                reasoning.append(thought.asStringOrThrow());
                            }
                            choice.finishReason().ifPresent(reason -> finishReasons.add(reason.asString()));
                        }
                    });
            stream.onCompleteFuture().get(10, TimeUnit.SECONDS);

            assertEquals("Hello, SDK", content.toString());
            assertEquals("Pondering deeply", reasoning.toString());
            assertEquals(List.of("stop"), finishReasons);
            assertEquals(1, usages.size());
            assertEquals(3, usages.getFirst().completionTokens());
            assertEquals(2, usages.getFirst().promptTokens()); // "hi sdk"
            RecordedRequest request = fake.requestsContaining("hi sdk").getFirst();
            assertTrue(request.stream());
            assertTrue(request.includeUsage());
            assertEquals("Bearer test", request.headers().get("Authorization"));
        } finally {
            client.close();
        }
    }

    @Test
    void theOpenAiSdkReadsNonStreamingAnswersAndRetriesErrors() throws Exception {
        fake.script("retry", Script.failFirst(1, Script.error(503, "Overloaded").header("Retry-After", "0"),
                Script.reply("Fine ", "now")));
        OpenAIClientAsync client = sdk();
        try {
            ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-test").addUserMessage("retry please").build()).get(10, TimeUnit.SECONDS);

            assertEquals(Optional.of("Fine now"), completion.choices().getFirst().message().content());
            assertEquals(2, fake.requestsContaining("retry please").size());
        } finally {
            client.close();
        }
    }

    /*
     * Cancelling through openai-java 4.100.0: AsyncStreamResponse.close() blocks while the upstream sends nothing and
     * leaves the connection open, does not cancel a call whose headers have not arrived, and even while tokens flow
     * it occasionally leaves the connection open. Cancelling the OkHttp Call, caught by an interceptor, closes the
     * socket at once. Before the headers the SDK treats the cancelled call as a failed attempt and retries it unless
     * maxRetries is 0.
     */

    @Test
    void cancellingTheOkHttpCallReachesAStalledUpstream() throws Exception {
        fake.script("stall", Script.reply("first", "never").stallAfter(1));
        CompletableFuture<Call> call = new CompletableFuture<>();
        OpenAIClientAsync client = sdkCapturing(call);
        try {
            CountDownLatch firstContent = new CountDownLatch(1);
            AsyncStreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("m").addUserMessage("stall here").build());
            stream.subscribe(chunk -> chunk.choices().forEach(choice -> choice.delta().content()
                    .filter("first"::equals).ifPresent(content -> firstContent.countDown())));
            assertTrue(firstContent.await(5, TimeUnit.SECONDS));
            CompletableFuture<Instant> closed = fake.connectionClosed("stall here");
            assertFalse(closed.isDone());

            Instant cancelledAt = Instant.now();
            call.get().cancel();

            assertTrue(Duration.between(cancelledAt, closed.get(1, TimeUnit.SECONDS)).toMillis() < 1000);
            assertThrows(ExecutionException.class, () -> stream.onCompleteFuture().get(5, TimeUnit.SECONDS));
        } finally {
            client.close();
        }
    }

    @Test
    void cancellingTheOkHttpCallReachesAHangingUpstream() throws Exception {
        fake.script("hang", Script.reply().hang());
        CompletableFuture<Call> call = new CompletableFuture<>();
        OpenAIClientAsync client = sdkCapturing(call);
        try {
            AsyncStreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("m").addUserMessage("hang there").build());
            stream.subscribe(chunk -> { });
            fake.requestReceived("hang there").get(5, TimeUnit.SECONDS);

            Instant cancelledAt = Instant.now();
            call.get().cancel();

            Instant closedAt = fake.connectionClosed("hang there").get(1, TimeUnit.SECONDS);
            assertTrue(Duration.between(cancelledAt, closedAt).toMillis() < 1000);
            assertThrows(ExecutionException.class, () -> stream.onCompleteFuture().get(5, TimeUnit.SECONDS));
            assertEquals(1, fake.requestsContaining("hang there").size(), "no retry");
        } finally {
            client.close();
        }
    }

    /** An SDK client without retries that hands out the OkHttp call of its first request. */
    private OpenAIClientAsync sdkCapturing(CompletableFuture<Call> call) {
        return OpenAIOkHttpClientAsync.builder().baseUrl(fake.baseUrl()).apiKey("test").maxRetries(0)
                .addInterceptor(chain -> {
                    call.complete(chain.call());
                    return chain.proceed(chain.request());
                })
                .build();
    }

    private OpenAIClientAsync sdk() {
        return OpenAIOkHttpClientAsync.builder().baseUrl(fake.baseUrl()).apiKey("test").build();
    }

    private HttpResponse<String> send(ObjectNode body) throws IOException, InterruptedException {
        return http.send(post(body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest post(ObjectNode body) {
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private static ObjectNode body(String model, String userMessage, boolean stream, boolean includeUsage) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", userMessage);
        if (includeUsage) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    /** The payload of every event; each event must be exactly one {@code data:} line and a blank line. */
    private static List<String> dataOf(String sse) {
        assertTrue(sse.endsWith("\n\n"), sse);
        List<String> data = new ArrayList<>();
        for (String event : sse.substring(0, sse.length() - 2).split("\n\n", -1)) {
            assertTrue(event.startsWith("data: ") && !event.contains("\n"), "event: " + event);
            data.add(event.substring("data: ".length()));
        }
        return data;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return fail("not JSON: " + json, e);
        }
    }

    private static JsonNode choice(JsonNode chunk) {
        assertEquals(1, chunk.get("choices").size(), chunk.toString());
        return chunk.get("choices").get(0);
    }

    private static JsonNode delta(JsonNode chunk) {
        return choice(chunk).get("delta");
    }

    private static void writeRequest(Socket socket, ObjectNode body) throws IOException {
        byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(json);
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("end of stream");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.endsWith("\r"), "CRLF line ending");
        return text.substring(0, text.length() - 1);
    }
}
