package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.models.control.TokenCounter;
import dev.chatstream.testing.ChatMessage;
import dev.chatstream.testing.RecordedRequest;
import dev.chatstream.testing.Script;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The REST API around the stream: sessions, history, assistants, usage, one-shot chat. */
@Tag("every-server")
class SessionsApiIT extends ServerIT {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private String chat(String token, String sessionId, String message) {
        Map<String, Object> body = sessionId == null ? Map.of("message", message) : Map.of("message", message, "session_id", sessionId);
        StreamResult result = api.stream(token, body);
        assertEquals("done", result.last().type(), result.types().toString());
        return result.start().path("session_id").asText();
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.path("data").spliterator(), false).map(node -> node.path("id").asText()).toList();
    }

    @Test
    void createsRenamesReadsAndDeletesASession() {
        String token = api.token(unique("crud"));

        var created = api.post("api/v1/sessions", token, "{\"assistant\":\"counselor\"}");
        JsonNode session = expect(201, created);
        String id = session.path("id").asText();
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/sessions/" + id));
        assertEquals("counselor", session.path("assistant").asText());
        assertEquals("Hi, I'm here to listen. What's on your mind?", session.path("greeting").asText());
        assertEquals(0, session.path("message_count").asInt());

        chat(token, id, "hello " + unique("x"));
        JsonNode read = expect(200, api.get("api/v1/sessions/" + id, token));
        assertEquals(2, read.path("message_count").asInt());
        assertTrue(read.path("usage").path("total_tokens").asInt() > 0);
        assertEquals(read.path("usage").path("prompt_tokens").asInt() + read.path("usage").path("completion_tokens").asInt(),
                read.path("usage").path("total_tokens").asInt());
        assertTrue(read.path("last_message").asText().startsWith("You said: hello"));

        JsonNode renamed = expect(200, api.patch("api/v1/sessions/" + id, token, "{\"topic\":\"我的计划 🗓\"}"));
        assertEquals("我的计划 🗓", renamed.path("topic").asText());
        assertEquals("我的计划 🗓", expect(200, api.get("api/v1/sessions/" + id, token)).path("topic").asText());

        expect(204, api.delete("api/v1/sessions/" + id, token));
        expect(404, api.get("api/v1/sessions/" + id, token));
        assertTrue(Db.messagesOf(UUID.fromString(id)).isEmpty(), "messages are deleted with their session");
    }

    @Test
    void aRenameIsNotOverwrittenByTheGeneratedTitle() {
        String token = api.token(unique("rename"));
        String id = expect(201, api.post("api/v1/sessions", token, "{\"topic\":\"Chosen by me\"}")).path("id").asText();

        StreamResult result = api.stream(token, Map.of("message", "first words", "session_id", id));

        assertTrue(result.ofType("topic").isEmpty());
        assertEquals("Chosen by me", expect(200, api.get("api/v1/sessions/" + id, token)).path("topic").asText());
    }

    @Test
    void listsSessionsNewestFirstAcrossPagesWhileNewOnesArrive() {
        String token = api.token(unique("pages"));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(expect(201, api.post("api/v1/sessions", token, "{}")).path("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String query = "api/v1/sessions?limit=3" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = expect(200, api.get(query, token));
            seen.addAll(ids(page));
            cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asText() : null;
            api.post("api/v1/sessions", token, "{}"); // a new session arrives between page loads
            pages++;
        } while (cursor != null);

        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(3, pages);
        assertEquals(newestFirst, seen, "every session exactly once, newest first, none skipped or repeated");
    }

    @Test
    void filtersSessionsByAssistant() {
        String token = api.token(unique("filter"));
        String counselor = expect(201, api.post("api/v1/sessions", token, "{\"assistant\":\"counselor\"}")).path("id").asText();
        String teacher = expect(201, api.post("api/v1/sessions", token, "{\"assistant\":\"teacher\"}")).path("id").asText();

        assertEquals(List.of(counselor), ids(expect(200, api.get("api/v1/sessions?assistant=counselor", token))));
        assertEquals(List.of(teacher), ids(expect(200, api.get("api/v1/sessions?assistant=teacher", token))));
        assertEquals(List.of(teacher, counselor), ids(expect(200, api.get("api/v1/sessions", token))));
        assertJsonError(api.stream(token, Map.of("message", "hi", "session_id", counselor, "assistant", "teacher")).errorBody(),
                "invalid_request", "assistant");
    }

    @Test
    void pagesHistoryBackwardsWhileTheConversationGoesOn() {
        String token = api.token(unique("history"));
        String id = chat(token, null, "turn 1");
        for (int turn = 2; turn <= 5; turn++) {
            chat(token, id, "turn " + turn);
        }
        List<String> contents = new ArrayList<>();
        String before = null;
        do {
            JsonNode page = expect(200, api.get("api/v1/sessions/" + id + "/messages?limit=3" + (before == null ? "" : "&before=" + before), token));
            List<String> pageContents = new ArrayList<>();
            page.path("data").forEach(message -> pageContents.add(message.path("content").asText()));
            contents.addAll(0, pageContents);
            before = page.path("has_more").asBoolean() ? page.path("next_before").asText() : null;
            if (before != null) {
                chat(token, id, "later " + UUID.randomUUID()); // new messages at the end do not disturb older pages
            }
        } while (before != null);

        List<String> expected = new ArrayList<>();
        for (int turn = 1; turn <= 5; turn++) {
            expected.add("turn " + turn);
            expected.add("You said: turn " + turn);
        }
        assertEquals(expected, contents, "oldest to newest, nothing skipped or repeated");

        JsonNode latest = expect(200, api.get("api/v1/sessions/" + id + "/messages?limit=2", token)).path("data");
        assertEquals("user", latest.get(0).path("role").asText());
        assertEquals("assistant", latest.get(1).path("role").asText());
        assertEquals("complete", latest.get(1).path("status").asText());
        assertEquals("fake-model", latest.get(1).path("model").asText());
        assertEquals("stop", latest.get(1).path("finish_reason").asText());
        assertTrue(latest.get(1).path("usage").path("total_tokens").asInt() > 0);
        assertFalse(latest.get(1).path("created_at").asText().isEmpty());
    }

    @Test
    void clearingTheContextKeepsTheSessionAndForgetsTheHistory() {
        String token = api.token(unique("clear"));
        String id = chat(token, null, "remember the number 42");

        expect(204, api.delete("api/v1/sessions/" + id + "/messages", token));
        assertEquals(0, expect(200, api.get("api/v1/sessions/" + id, token)).path("message_count").asInt());

        String marker = unique("after-clear");
        upstream.script(marker, Script.reply("ok"));
        chat(token, id, marker);
        RecordedRequest sent = upstream.requestsContaining(marker).stream().filter(RecordedRequest::stream).findFirst().orElseThrow();
        assertEquals(List.of("system", "user"), sent.messages().stream().map(ChatMessage::role).toList(), "no old history");
    }

    @Test
    void anotherUsersOrTenantsSessionIsNotFoundEverywhere() {
        String owner = unique("owner");
        String aliceA = api.token(Map.of("user", owner, "tenant", "tenant-a"));
        String id = chat(aliceA, null, "private " + UUID.randomUUID());

        String sameNameOtherTenant = api.token(Map.of("user", owner, "tenant", "tenant-b"));
        String someoneElse = api.token(Map.of("user", unique("other"), "tenant", "tenant-a"));
        String noTenant = api.token(owner);
        for (String intruder : List.of(sameNameOtherTenant, someoneElse, noTenant)) {
            String expected = expect(404, api.get("api/v1/sessions/" + UUID.randomUUID(), intruder)).toString();
            assertEquals(expected, expect(404, api.get("api/v1/sessions/" + id, intruder)).toString());
            assertEquals(expected, expect(404, api.get("api/v1/sessions/" + id + "/messages", intruder)).toString());
            assertEquals(expected, expect(404, api.patch("api/v1/sessions/" + id, intruder, "{\"topic\":\"mine\"}")).toString());
            assertEquals(expected, expect(404, api.delete("api/v1/sessions/" + id + "/messages", intruder)).toString());
            assertEquals(expected, expect(404, api.delete("api/v1/sessions/" + id, intruder)).toString());
            assertEquals(404, api.stream(intruder, Map.of("message", "hi", "session_id", id)).status());
            assertFalse(ids(expect(200, api.get("api/v1/sessions", intruder))).contains(id));
        }
        assertEquals(2, expect(200, api.get("api/v1/sessions/" + id, aliceA)).path("message_count").asInt(), "untouched");
    }

    @Test
    void refusesInvalidInputNamingTheField() {
        String token = api.token(unique("invalid"));
        String id = chat(token, null, "hello");
        assertJsonError(api.get("api/v1/sessions?limit=0", token).body(), "invalid_request", "limit");
        assertJsonError(api.get("api/v1/sessions?limit=101", token).body(), "invalid_request", "limit");
        assertJsonError(api.get("api/v1/sessions?limit=ten", token).body(), "invalid_request", "limit");
        assertJsonError(api.get("api/v1/sessions?cursor=bogus", token).body(), "invalid_request", "cursor");
        assertJsonError(api.get("api/v1/sessions?assistant=wizard", token).body(), "invalid_request", "assistant");
        assertJsonError(api.post("api/v1/sessions", token, "{\"assistant\":\"wizard\"}").body(), "invalid_request", "assistant");
        assertJsonError(api.patch("api/v1/sessions/" + id, token, "{\"topic\":\"  \"}").body(), "invalid_request", "topic");
        assertJsonError(api.get("api/v1/sessions/" + id + "/messages?before=" + UUID.randomUUID(), token).body(), "invalid_request", "before");
        assertJsonError(api.get("api/v1/usage?from=yesterday", token).body(), "invalid_request", "from");
        assertEquals(401, api.get("api/v1/sessions", null).statusCode());
        assertEquals(401, api.get("api/v1/assistants", null).statusCode());
        assertEquals(401, api.get("api/v1/usage", null).statusCode());
    }

    private static void assertJsonError(String body, String code, String field) {
        JsonNode error = Api.read(body).path("error");
        assertEquals(code, error.path("code").asText(), body);
        assertEquals(field, error.path("field").asText(), body);
    }

    @Test
    void listsTheAssistantsWithoutTheirPromptsUnlessAdmin() {
        JsonNode assistants = expect(200, api.get("api/v1/assistants", api.token(unique("user"))));
        Set<String> names = new HashSet<>();
        assistants.path("data").forEach(assistant -> {
            names.add(assistant.path("name").asText());
            assertTrue(assistant.path("system_prompt").isMissingNode(), "no system prompt for a user");
            // the suite's pinned assistant names the provider cloud-b, clouded the kind cloud (it.server.options)
            String route = switch (assistant.path("name").asText()) {
                case "pinned" -> "cloud-b/cloud-b-main";
                case "clouded" -> "cloud-a/cloud-a-big";
                default -> "default/fake-model";
            };
            assertEquals(route, assistant.path("provider").asText() + "/" + assistant.path("model").asText());
        });
        assertTrue(names.containsAll(List.of("assistant", "counselor", "friend", "teacher", "programmer")));
        assertEquals("assistant", assistants.path("default_assistant").asText());
        JsonNode teacher = assistants.path("data").get(3);
        assertEquals("Teacher", teacher.path("display_name").asText());
        assertFalse(teacher.path("description").asText().isEmpty());
        assertFalse(teacher.path("greeting").asText().isEmpty());

        JsonNode asAdmin = expect(200, api.get("api/v1/assistants", api.token(Map.of("user", unique("boss"), "admin", true))));
        assertTrue(asAdmin.path("data").get(0).path("system_prompt").asText().startsWith("You are"));
    }

    @Test
    void usageSumsTheStoredReplies() {
        String token = api.token(unique("usage"));
        String first = unique("u1");
        String second = unique("u2");
        upstream.script(first, Script.reply("a").usage(10, 5));
        upstream.script(second, Script.reply("b").usage(20, 7));
        String id = chat(token, null, first);
        chat(token, id, second);

        JsonNode usage = expect(200, api.get("api/v1/usage", token));

        assertEquals(2, usage.path("totals").path("replies").asInt());
        assertEquals(30, usage.path("totals").path("prompt_tokens").asInt());
        assertEquals(12, usage.path("totals").path("completion_tokens").asInt());
        assertEquals(42, usage.path("totals").path("total_tokens").asInt());
        JsonNode day = usage.path("days").get(0);
        assertEquals("fake-model", day.path("model").asText());
        assertEquals(usage.path("to").asText(), day.path("date").asText());
        long stored = Db.messagesOf(UUID.fromString(id)).stream()
                .filter(row -> row.get("total_tokens") != null)
                .mapToLong(row -> ((Number) row.get("total_tokens")).longValue()).sum();
        assertEquals(stored, usage.path("totals").path("total_tokens").asLong(), "computed from stored messages");
        assertEquals(0, expect(200, api.get("api/v1/usage?from=2020-01-01&to=2020-01-31", token)).path("days").size());
    }

    @Test
    void answersInOneJsonObjectWithoutStreaming() {
        String marker = unique("oneshot");
        upstream.script(marker, Script.reply("All ", "at ", "once").usage(9, 3));
        String token = api.token(unique("oneshot"));

        JsonNode reply = expect(200, api.post("api/v1/chat", token, Api.json(Map.of("message", marker))));

        assertEquals("All at once", reply.path("content").asText());
        assertEquals("stop", reply.path("finish_reason").asText());
        assertEquals(12, reply.path("usage").path("total_tokens").asInt());
        assertEquals("fake-model", reply.path("model").asText());
        assertFalse(reply.path("topic").asText().isEmpty());
        assertEquals("COMPLETE", Db.message(UUID.fromString(reply.path("reply_id").asText())).get("status"));
        assertEquals(marker, Db.message(UUID.fromString(reply.path("message_id").asText())).get("content"));

        String refused = unique("refused");
        upstream.script(refused, Script.error(400, "no such model"));
        JsonNode error = expect(502, api.post("api/v1/chat", token, Api.json(Map.of("message", refused)))).path("error");
        assertEquals("upstream_rejected", error.path("code").asText());
        assertEquals(400, api.post("api/v1/chat", token, "{\"message\":\"\"}").statusCode());
    }

    @Test
    void trimsLongHistoryToTheTokenBudgetDroppingTheOldestWholeMessages() {
        String token = api.token(unique("budget"));
        String filler = " lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor";
        StreamResult first = api.stream(token, Map.of("message", "turn 0" + filler, "assistant", "tiny"));
        String id = first.start().path("session_id").asText();
        for (int turn = 1; turn < 8; turn++) {
            chat(token, id, "turn " + turn + filler);
        }
        String marker = unique("last");
        upstream.script(marker, Script.reply("ok"));
        chat(token, id, marker);

        List<ChatMessage> sent = upstream.requestsContaining(marker).stream().filter(RecordedRequest::stream)
                .findFirst().orElseThrow().messages();
        assertEquals("system", sent.get(0).role());
        assertEquals(marker, sent.get(sent.size() - 1).content(), "the new message is always kept");
        List<ChatMessage> history = sent.subList(1, sent.size() - 1);
        List<ChatMessage> conversation = new ArrayList<>();
        for (int turn = 0; turn < 8; turn++) {
            conversation.add(new ChatMessage("user", "turn " + turn + filler));
            conversation.add(new ChatMessage("assistant", "You said: turn " + turn + filler));
        }
        assertFalse(history.isEmpty(), "recent history still fits");
        assertTrue(history.size() < conversation.size(), "the oldest messages were dropped, " + history.size() + " kept");
        assertEquals(conversation.subList(conversation.size() - history.size(), conversation.size()), history,
                "the newest whole messages, unchanged and in order");
        TokenCounter tokens = new TokenCounter();
        int used = tokens.countMessage("Brief.") + tokens.countMessage(marker);
        for (ChatMessage kept : history) {
            used += tokens.countMessage(kept.content());
        }
        ChatMessage nextOlder = conversation.get(conversation.size() - history.size() - 1);
        assertTrue(used <= 300, "within the tiny assistant's 300-token budget: " + used);
        assertTrue(used + tokens.countMessage(nextOlder.content()) > 300, "and the next older message would not have fit");

        String huge = "word ".repeat(400);
        JsonNode error = Api.read(api.stream(token, Map.of("message", huge, "session_id", id)).errorBody()).path("error");
        assertEquals("message", error.path("field").asText());
        assertTrue(error.path("message").asText().contains("limit"));
        assertNull(Db.query("SELECT id FROM chat_message WHERE content = ?", huge).stream().findFirst().orElse(null),
                "a refused message is not stored");
    }
}
