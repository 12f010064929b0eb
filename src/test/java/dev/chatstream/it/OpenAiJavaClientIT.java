package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import dev.chatstream.testing.RecordedRequest;
import dev.chatstream.testing.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible facade ({@code /openai/v1}) through openai-java, the official Java client: streaming and
 * not, the assistants as models, errors as the client's own exception types, the conversation kept through
 * {@code X-Chatstream-Session}, and a personal API key or a JWT as the bearer. On every server: how each one
 * flushes, frames and ends an event stream is exactly what a real client notices.
 */
@Tag("every-server")
class OpenAiJavaClientIT extends ServerIT {

    private static final String SESSION_HEADER = "X-Chatstream-Session";

    private final List<OpenAIClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(OpenAIClient::close);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A new user's personal API key, made with the user's JWT. */
    private String apiKey(String token) {
        return expect(201, api.post("api/v1/api-keys", token, "{\"name\":\"openai-java\"}")).path("key").asText();
    }

    /** A client of the facade with this bearer; no retries, so every response is the one the test sent for. */
    private OpenAIClient client(String bearer) {
        OpenAIClient made = OpenAIOkHttpClient.builder()
                .baseUrl(base + "openai/v1")
                .apiKey(bearer)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
        clients.add(made);
        return made;
    }

    private static ChatCompletionCreateParams.Builder ask(String model, String message) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(message);
    }

    private static String sessionOf(HttpResponseFor<?> response) {
        List<String> values = response.headers().values(SESSION_HEADER);
        assertEquals(1, values.size(), SESSION_HEADER + " once in " + response.headers().names());
        return UUID.fromString(values.get(0)).toString();
    }

    /** The session of a whole completion, its body read (which closes the response). */
    private static String sessionOfAnswered(OpenAIClient openai, ChatCompletionCreateParams params) {
        HttpResponseFor<ChatCompletion> response = openai.withRawResponse().chat().completions().create(params);
        assertFalse(response.parse().choices().isEmpty());
        return sessionOf(response);
    }

    /** The stored messages of a session, oldest first, read with the owner's JWT. */
    private JsonNode messages(String token, String sessionId) {
        return expect(200, api.get("api/v1/sessions/" + sessionId + "/messages", token)).path("data");
    }

    private static List<String> field(JsonNode messages, String name) {
        return StreamSupport.stream(messages.spliterator(), false).map(message -> message.path(name).asText()).toList();
    }

    @Test
    void streamsTheReplyChunkByChunkWithUsageLast() {
        String marker = unique("oai-stream");
        upstream.script(marker, Script.reply("Hello", ", ", "world", "!").usage(12, 3).interval(Duration.ofMillis(20)));
        OpenAIClient openai = client(apiKey(api.token(unique("oai-stream"))));

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(ask("teacher", "Say hello " + marker)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }

        assertFalse(chunks.isEmpty());
        String text = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.delta().content().stream()).collect(Collectors.joining());
        assertEquals("Hello, world!", text);
        assertEquals(1, chunks.stream().map(ChatCompletionChunk::id).distinct().count(), "one id for the whole completion");
        assertEquals(1, chunks.stream().map(ChatCompletionChunk::model).distinct().count(), "one model for the whole completion");
        assertFalse(chunks.get(0).model().isBlank());
        assertEquals(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT, chunks.get(0).choices().get(0).delta().role().orElseThrow(),
                "the first chunk names the role");
        assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.STOP), chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.finishReason().stream()).toList(), "one finish_reason, stop");

        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.choices().isEmpty(), "the usage chunk has no choices");
        CompletionUsage usage = last.usage().orElseThrow();
        assertEquals(12, usage.promptTokens());
        assertEquals(3, usage.completionTokens());
        assertEquals(15, usage.totalTokens());
        assertEquals(1, chunks.stream().filter(chunk -> chunk.usage().isPresent()).count(), "usage once, at the end");
    }

    @Test
    void answersInOneCompletionWithoutStreaming() {
        String marker = unique("oai-once");
        upstream.script(marker, Script.reply("All ", "at ", "once").usage(9, 3));
        OpenAIClient openai = client(apiKey(api.token(unique("oai-once"))));

        ChatCompletion completion = openai.chat().completions().create(ask("assistant", marker).build());

        assertEquals(1, completion.choices().size());
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertEquals(0, choice.index());
        assertEquals("All at once", choice.message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(9, usage.promptTokens());
        assertEquals(3, usage.completionTokens());
        assertEquals(12, usage.totalTokens());
        assertFalse(completion.id().isBlank());
    }

    @Test
    void listsTheAssistantsAsModels() {
        OpenAIClient openai = client(apiKey(api.token(unique("oai-models"))));

        List<Model> models = openai.models().list().data();

        assertTrue(models.stream().map(Model::id).toList().containsAll(
                List.of("assistant", "counselor", "friend", "teacher", "programmer", "tiny")), models.toString());
        models.forEach(model -> {
            assertEquals(model.id().equals("direct-model") ? "provider" : "chatstream", model.ownedBy(), model.toString());
            assertTrue(model.created() > 0, model.toString());
        });
        Model teacher = openai.models().retrieve("teacher");
        assertEquals("teacher", teacher.id());
        assertEquals("chatstream", teacher.ownedBy());
    }

    @Test
    void refusesABadKeyAsUnauthorized() {
        OpenAIClient openai = client("cs_" + "x".repeat(43));

        UnauthorizedException refused = assertThrows(UnauthorizedException.class,
                () -> openai.chat().completions().create(ask("assistant", "hello").build()));
        assertOpenAiError(refused, 401, null, "invalid_api_key");
        assertThrows(UnauthorizedException.class, () -> openai.models().list());
    }

    @Test
    void refusesAnUnknownModelAsNotFound() {
        OpenAIClient openai = client(apiKey(api.token(unique("oai-wizard"))));

        NotFoundException unknown = assertThrows(NotFoundException.class,
                () -> openai.chat().completions().create(ask("wizard", "hello").build()));
        assertOpenAiError(unknown, 404, "model", "model_not_found");
        NotFoundException streamed = assertThrows(NotFoundException.class, () -> {
            try (var stream = openai.chat().completions().createStreaming(ask("wizard", "hello").build())) {
                stream.stream().forEach(chunk -> { });
            }
        });
        assertOpenAiError(streamed, 404, "model", "model_not_found");
        assertOpenAiError(assertThrows(NotFoundException.class, () -> openai.models().retrieve("wizard")), 404, null, "model_not_found");
    }

    @Test
    void refusesWhatItCannotDoNamingTheParameter() {
        String marker = unique("oai-n");
        OpenAIClient openai = client(apiKey(api.token(unique("oai-n"))));

        BadRequestException two = assertThrows(BadRequestException.class,
                () -> openai.chat().completions().create(ask("assistant", marker).n(2).build()));

        assertOpenAiError(two, 400, "n", null);
        BadRequestException tools = assertThrows(BadRequestException.class, () -> openai.chat().completions().create(
                ask("assistant", marker).addFunctionTool(FunctionDefinition.builder().name("lookup").build()).build()));
        assertOpenAiError(tools, 400, "tools", null);
        assertTrue(upstream.requestsContaining(marker).isEmpty(), "nothing reached the model");
    }

    @Test
    void keepsTheConversationInASessionAndContinuesItWithTheHeader() {
        String token = api.token(unique("oai-session"));
        OpenAIClient openai = client(apiKey(token));
        String first = unique("oai-first");
        upstream.script(first, Script.reply("First ", "answer").interval(Duration.ofMillis(10)));

        // An OpenAI client sends the whole conversation every time; only its last user message is new.
        ChatCompletionCreateParams opening = ask("counselor", "an earlier question")
                .addAssistantMessage("an earlier answer")
                .addUserMessage("Now this " + first)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        String sessionId;
        String streamed;
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> response =
                     openai.withRawResponse().chat().completions().createStreaming(opening)) {
            assertEquals(200, response.statusCode());
            sessionId = sessionOf(response);
            try (StreamResponse<ChatCompletionChunk> chunks = response.parse()) {
                streamed = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                        .flatMap(choice -> choice.delta().content().stream()).collect(Collectors.joining());
            }
        }
        assertEquals("First answer", streamed);

        JsonNode stored = messages(token, sessionId);
        assertEquals(List.of("user", "assistant"), field(stored, "role"), "exactly the new message and the reply: " + stored);
        assertEquals(List.of("Now this " + first, "First answer"), field(stored, "content"));
        assertEquals("complete", stored.get(1).path("status").asText());
        assertEquals("counselor", expect(200, api.get("api/v1/sessions/" + sessionId, token)).path("assistant").asText());

        String second = unique("oai-second");
        upstream.script(second, Script.reply("Second answer").usage(20, 2));
        HttpResponseFor<ChatCompletion> continued = openai.withRawResponse().chat().completions().create(
                ask("counselor", "Now this " + first)
                        .addAssistantMessage("First answer")
                        .addUserMessage("And then " + second)
                        .putAdditionalHeader(SESSION_HEADER, sessionId)
                        .build());

        assertEquals(sessionId, sessionOf(continued), "the same session");
        assertEquals("Second answer", continued.parse().choices().get(0).message().content().orElseThrow());
        JsonNode after = messages(token, sessionId);
        assertEquals(List.of("Now this " + first, "First answer", "And then " + second, "Second answer"), field(after, "content"),
                "appended, the client's copy of the history not stored twice");
        RecordedRequest sent = upstream.requestsContaining(second).stream().filter(RecordedRequest::stream).findFirst()
                .orElseGet(() -> upstream.requestsContaining(second).get(0));
        assertTrue(sent.messages().stream().anyMatch(message -> message.content().contains(first)), "the model saw the earlier turn");
    }

    @Test
    void aNewConversationWithoutTheHeaderStartsANewSession() {
        String token = api.token(unique("oai-fresh"));
        OpenAIClient openai = client(apiKey(token));

        String one = sessionOfAnswered(openai, ask("friend", unique("hi")).build());
        String two = sessionOfAnswered(openai, ask("friend", unique("hi")).build());

        assertFalse(one.equals(two), "each request without " + SESSION_HEADER + " is a conversation of its own");
        assertEquals(2, messages(token, one).size());
        assertEquals(2, messages(token, two).size());
    }

    @Test
    void aJwtWorksAsTheBearerToo() {
        String marker = unique("oai-jwt");
        upstream.script(marker, Script.reply("Signed in"));
        String token = api.token(unique("oai-jwt"));
        OpenAIClient openai = client(token);

        HttpResponseFor<ChatCompletion> response = openai.withRawResponse().chat().completions().create(ask("programmer", marker).build());

        assertEquals("Signed in", response.parse().choices().get(0).message().content().orElseThrow());
        assertEquals(List.of(marker, "Signed in"), field(messages(token, sessionOf(response)), "content"), "stored as the JWT's user");
        assertTrue(openai.models().list().data().stream().anyMatch(model -> model.id().equals("programmer")));
    }

    /** The error in OpenAI's shape, as openai-java reads it; {@code null} where the contract names no value. */
    private static void assertOpenAiError(OpenAIServiceException error, int status, String param, String code) {
        String shown = error.statusCode() + " " + error.body();
        assertEquals(status, error.statusCode(), shown);
        Optional<Map<String, JsonValue>> fields = error.body().asObject();
        String message = fields.map(object -> object.get("message"))
                .map(value -> String.valueOf(value.asString().orElse(""))).orElse(""); // JsonValue is a raw JsonField
        assertFalse(message.isBlank(), "a message: " + shown);
        if (status == 400 || status == 404) {
            assertEquals("invalid_request_error", error.type().orElse(null), shown);
        }
        if (param != null) {
            assertEquals(param, error.param().orElse(null), shown);
        }
        if (code != null) {
            assertEquals(code, error.code().orElse(null), shown);
        }
    }
}
