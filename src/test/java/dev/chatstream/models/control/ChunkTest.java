package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.TokenUsage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a relay takes from each streamed chunk, as providers really send them, and what makes a chunk unreadable. */
class ChunkTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void readsTheDeltasFinishReasonAndModelAndSkipsEverythingElse() throws IOException {
        Chunk chunk = read("""
                {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733000000,"model":"gpt-4o-2024-08-06",
                 "system_fingerprint":"fp_1","service_tier":"default","obfuscation":"abc",
                 "choices":[{"index":0,"delta":{"role":"assistant","content":"Hel","refusal":null,
                   "tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\\"content\\":1}"}}]},
                   "logprobs":{"content":[{"token":"Hel","logprob":-0.1,"top_logprobs":[]}]},"finish_reason":null},
                  {"index":1,"delta":{"content":"lo","reasoning_content":"thinking"},"finish_reason":"stop"}],
                 "usage":null}""");

        assertEquals("gpt-4o-2024-08-06", chunk.model());
        assertEquals(List.of(new Chunk.Delta("Hel", null, null), new Chunk.Delta("lo", "thinking", "stop")), chunk.deltas());
        assertNull(chunk.usage());
        assertNull(chunk.error());
    }

    @Test
    void theLastChunkCarriesTheUsage() throws IOException {
        Chunk chunk = read("""
                {"id":"c","model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42,
                 "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}""");

        assertEquals(List.of(), chunk.deltas());
        assertEquals(new TokenUsage(12, 30, 42), chunk.usage());
    }

    @Test
    void aUsageWithoutBothCountsIsLeftToBeCountedHere() throws IOException {
        assertNull(read("{\"choices\":[],\"usage\":{\"total_tokens\":42}}").usage());
    }

    @Test
    void aReasoningThatIsNotTextIsIgnoredAsAnExtensionWeDoNotKnow() throws IOException {
        Chunk chunk = read("{\"choices\":[{\"delta\":{\"reasoning_content\":{\"summary\":\"x\"},\"content\":\"a\"}}]}");

        assertEquals(List.of(new Chunk.Delta("a", null, null)), chunk.deltas());
    }

    @Test
    void anErrorGivesItsMessageWhateverItsShape() throws IOException {
        assertEquals("overloaded", read("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":null}}").error());
        assertEquals("quota exceeded", read("{\"error\":\"quota exceeded\"}").error());
        assertEquals("(no message)", read("{\"error\":{\"type\":\"server_error\"}}").error());
        assertNull(read("{\"choices\":[],\"error\":null}").error());
    }

    @Test
    void fieldsOfTheWrongTypeMakeTheChunkInvalid() {
        for (String wrong : List.of("[1,2]", "\"text\"", "{\"choices\":{}}", "{\"choices\":[1]}", "{\"model\":7}", "{\"usage\":[]}",
                "{\"choices\":[{\"delta\":{\"content\":5}}]}", "{\"choices\":[{\"finish_reason\":true}]}",
                "{\"usage\":{\"prompt_tokens\":\"12\",\"completion_tokens\":1}}")) {
            ModelFailure failure = assertThrows(ModelFailure.class, () -> read(wrong), wrong);
            assertEquals(ModelFailure.Code.UPSTREAM_INVALID_RESPONSE, failure.code(), wrong);
            assertTrue(failure.getMessage().contains("could not be read"), failure.getMessage());
        }
    }

    private static Chunk read(String json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            return Chunk.read(parser);
        }
    }
}
