package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.ChatMessage;
import dev.chatstream.testing.RecordedRequest;
import dev.chatstream.testing.Script;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A conversation as a tree: regenerate, edit, switch branches, rate, export and import. */
@Tag("every-server")
class ConversationTreeIT extends ServerIT {

    private static String marker() {
        return "tree-" + UUID.randomUUID();
    }

    /** Sends {@code message} in the session ({@code null}: a new one) and returns the stream's {@code start}. */
    private JsonNode send(String token, String sessionId, String message) {
        return done(api.stream(token, sessionId == null ? Map.of("message", message)
                : Map.of("message", message, "session_id", sessionId)));
    }

    private static JsonNode done(StreamResult result) {
        assertEquals("done", result.last().type(), result.types() + " " + result.errorBody());
        return result.start();
    }

    private JsonNode history(String token, String sessionId) {
        return expect(200, api.get("api/v1/sessions/" + sessionId + "/messages", token));
    }

    private static List<String> contents(JsonNode history) {
        return StreamSupport.stream(history.path("data").spliterator(), false)
                .map(message -> message.path("content").asText()).toList();
    }

    private static JsonNode byId(JsonNode history, String id) {
        return StreamSupport.stream(history.path("data").spliterator(), false)
                .filter(message -> message.path("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not on the branch shown: " + history));
    }

    /** What the model was sent in the (only) streamed request whose last user message is {@code question}. */
    private List<ChatMessage> promptAsking(String question, int nth) {
        List<RecordedRequest> asking = upstream.requestsContaining(question).stream()
                .filter(RecordedRequest::stream)
                .filter(request -> request.lastUserMessage().equals(question))
                .toList();
        assertTrue(asking.size() > nth, "model requests asking '" + question + "': " + asking.size());
        return asking.get(nth).messages().stream().filter(message -> !message.role().equals("system")).toList();
    }

    @Test
    void aRegeneratedReplyIsASiblingAnsweringTheSameQuestionWithTheSameHistory() {
        String marker = marker();
        String token = api.token("regen-" + marker);
        JsonNode first = send(token, null, "first " + marker);
        String session = first.path("session_id").asText();
        JsonNode second = send(token, session, "second " + marker);
        String original = second.path("reply_id").asText();

        StreamResult regenerated = api.stream(token, Map.of("regenerate", original));
        JsonNode start = done(regenerated);

        String again = start.path("reply_id").asText();
        assertNotEquals(original, again);
        assertEquals(session, start.path("session_id").asText(), "the session comes from the reply");
        assertEquals(second.path("message_id").asText(), start.path("message_id").asText(),
                "the same question is answered again, not a copy of it");
        assertEquals(promptAsking("second " + marker, 0), promptAsking("second " + marker, 1),
                "the model sees exactly the history the original reply had");

        JsonNode history = history(token, session);
        assertEquals(4, history.path("data").size(), "the branch shown has the new reply in place of the old");
        JsonNode shown = byId(history, again);
        assertAll(
                () -> assertEquals(2, shown.path("branch").path("index").asInt()),
                () -> assertEquals(2, shown.path("branch").path("count").asInt()),
                () -> assertEquals(List.of(original, again), StreamSupport.stream(
                        shown.path("branch").path("siblings").spliterator(), false).map(JsonNode::asText).toList()),
                () -> assertEquals(second.path("message_id").asText(), shown.path("parent_id").asText()),
                () -> assertTrue(byId(history, first.path("message_id").asText()).path("branch").isMissingNode(),
                        "a message without alternatives has no branch"));
        assertEquals("COMPLETE", Db.message(UUID.fromString(original)).get("status"), "the old reply stays");
    }

    @Test
    void aRegenerationRetriedWithItsClientRequestIdMakesOneNewReplyWithoutStreaming() {
        String marker = marker();
        String token = api.token("regen-once-" + marker);
        JsonNode turn = send(token, null, "once more " + marker);
        String original = turn.path("reply_id").asText();
        String request = "{\"regenerate\":\"" + original + "\",\"client_request_id\":\"regen-" + marker + "\"}";

        JsonNode answered = expect(200, api.post("api/v1/chat", token, request));
        JsonNode retried = expect(200, api.post("api/v1/chat", token, request));

        String again = answered.path("reply_id").asText();
        assertNotEquals(original, again);
        assertEquals(turn.path("message_id").asText(), answered.path("message_id").asText());
        assertFalse(answered.path("content").asText().isEmpty());
        assertEquals(again, retried.path("reply_id").asText(), "a retried request gets the reply it already made");
        assertEquals(answered.path("content").asText(), retried.path("content").asText());
        JsonNode shown = byId(history(token, turn.path("session_id").asText()), again);
        assertEquals(2, shown.path("branch").path("count").asInt(), "one new sibling, not one per request");
    }

    @Test
    void anEditedMessageStartsABranchTheModelSeesOnlyWhatCameBeforeAndTheOldBranchCanBeShownAgain() {
        String marker = marker();
        String token = api.token("edit-" + marker);
        JsonNode first = send(token, null, "plan a trip " + marker);
        String session = first.path("session_id").asText();
        send(token, session, "to Paris " + marker);
        List<String> before = contents(history(token, session));

        JsonNode edited = done(api.stream(token, Map.of("edit", first.path("message_id").asText(),
                "message", "plan a weekend " + marker, "session_id", session)));

        assertEquals(List.of(new ChatMessage("user", "plan a weekend " + marker)), promptAsking("plan a weekend " + marker, 0),
                "nothing after the edited message is in the prompt");
        JsonNode branch = history(token, session);
        assertEquals(2, branch.path("data").size());
        assertEquals("plan a weekend " + marker, contents(branch).get(0));
        JsonNode editedView = byId(branch, edited.path("message_id").asText());
        assertEquals(2, editedView.path("branch").path("index").asInt());
        assertEquals(2, editedView.path("branch").path("count").asInt());

        JsonNode switched = expect(200, api.put("api/v1/sessions/" + session + "/current", token,
                "{\"message_id\":\"" + first.path("message_id").asText() + "\"}"));
        assertEquals(before, contents(switched), "the old branch is shown again as it went on");
        assertEquals(before, contents(history(token, session)));

        send(token, session, "and back " + marker);
        List<ChatMessage> prompt = promptAsking("and back " + marker, 0);
        assertEquals(5, prompt.size(), "the context follows the branch shown: " + prompt);
        assertFalse(prompt.stream().anyMatch(message -> message.content().contains("weekend")), prompt.toString());
    }

    @Test
    void forksThatBreakTheRulesAreRefusedNamingTheField() throws Exception {
        String marker = marker();
        String token = api.token("rules-" + marker);
        JsonNode turn = send(token, null, "question " + marker);
        String session = turn.path("session_id").asText();
        String reply = turn.path("reply_id").asText();
        String question = turn.path("message_id").asText();
        String elsewhere = send(token, null, "another session " + marker).path("session_id").asText();

        assertAll(
                () -> assertRefused(400, "regenerate", api.post("api/v1/chat/stream", token,
                        "{\"regenerate\":\"" + question + "\"}")),
                () -> assertRefused(400, "edit", api.post("api/v1/chat/stream", token,
                        "{\"edit\":\"" + reply + "\",\"message\":\"x\"}")),
                () -> assertRefused(400, "message", api.post("api/v1/chat/stream", token,
                        "{\"regenerate\":\"" + reply + "\",\"message\":\"x\"}")),
                () -> assertRefused(404, "regenerate", api.post("api/v1/chat/messages", api.token("intruder-" + marker),
                        "{\"regenerate\":\"" + reply + "\"}")),
                () -> assertRefused(404, "edit", api.post("api/v1/chat", token,
                        "{\"edit\":\"" + question + "\",\"message\":\"x\",\"session_id\":\"" + elsewhere + "\"}")),
                () -> assertRefused(404, "message_id", api.put("api/v1/sessions/" + elsewhere + "/current", token,
                        "{\"message_id\":\"" + reply + "\"}")),
                () -> assertRefused(400, "message_id", api.put("api/v1/sessions/" + session + "/current", token, "{}")));
        assertEquals(2, history(token, session).path("data").size(), "nothing was stored");

        String slow = "slow " + marker;
        upstream.script(slow, Script.reply("partly", " more").stallAfter(1));
        CountDownLatch streaming = new CountDownLatch(1);
        Api.Started started = api.startStream(token, Map.of("message", slow, "session_id", session), event -> {
            if (event.type().equals("content")) {
                streaming.countDown();
            }
        });
        assertTrue(streaming.await(20, TimeUnit.SECONDS));
        assertRefused(409, "regenerate", api.post("api/v1/chat/stream", token,
                "{\"regenerate\":\"" + started.replyId() + "\"}"));
        expect(200, api.post("api/v1/chat/streams/" + started.replyId() + "/cancel", token, ""));
        started.result().get(20, TimeUnit.SECONDS);
        done(api.stream(token, Map.of("regenerate", reply)));
    }

    private static void assertRefused(int status, String field, HttpResponse<String> response) {
        JsonNode error = expect(status, response).path("error");
        assertEquals(field, error.path("field").asText(), response.body());
        assertFalse(error.path("message").asText().isBlank());
    }

    @Test
    void aReplyIsRatedUpOrDownWithACommentShownInHistoryAndCountedInUsage() {
        String marker = marker();
        String token = api.token("rate-" + marker);
        JsonNode turn = send(token, null, "rate me " + marker);
        String session = turn.path("session_id").asText();
        String reply = turn.path("reply_id").asText();
        String feedback = "api/v1/messages/" + reply + "/feedback";

        JsonNode up = expect(200, api.put(feedback, token, "{\"rating\":\"up\",\"comment\":\"spot on 👍\"}"));
        assertEquals("up", up.path("rating").asText());
        assertEquals("spot on 👍", byId(history(token, session), reply).path("feedback").path("comment").asText());
        JsonNode usage = expect(200, api.get("api/v1/usage", token));
        assertEquals(1, usage.path("totals").path("ratings").path("up").asInt());

        expect(200, api.put(feedback, token, "{\"rating\":\"down\"}"));
        JsonNode down = byId(history(token, session), reply).path("feedback");
        assertEquals("down", down.path("rating").asText(), "the later rating replaces the earlier");
        assertTrue(down.path("comment").isMissingNode());
        usage = expect(200, api.get("api/v1/usage", token));
        assertEquals(0, usage.path("totals").path("ratings").path("up").asInt());
        assertEquals(1, usage.path("totals").path("ratings").path("down").asInt());

        assertAll(
                () -> assertRefused(400, "rating", api.put(feedback, token, "{\"rating\":\"meh\"}")),
                () -> assertEquals(400, api.put("api/v1/messages/" + turn.path("message_id").asText() + "/feedback",
                        token, "{\"rating\":\"up\"}").statusCode(), "a user's own message is not rated"),
                () -> assertEquals(404, api.put(feedback, api.token("intruder-" + marker), "{\"rating\":\"up\"}")
                        .statusCode()),
                () -> assertEquals(404, api.delete(feedback, api.token("intruder-" + marker)).statusCode()),
                () -> assertEquals(404, api.put("api/v1/messages/nope/feedback", token, "{\"rating\":\"up\"}")
                        .statusCode()));

        expect(204, api.delete(feedback, token));
        assertTrue(byId(history(token, session), reply).path("feedback").isMissingNode());
    }

    @Test
    void anExportedConversationWithItsBranchesIsImportedAsANewSessionOfTheImporter() {
        String marker = marker();
        String token = api.token("export-" + marker);
        JsonNode first = send(token, null, "export me " + marker);
        String session = first.path("session_id").asText();
        send(token, session, "more " + marker);
        done(api.stream(token, Map.of("regenerate", first.path("reply_id").asText())));
        expect(200, api.put("api/v1/messages/" + first.path("reply_id").asText() + "/feedback", token,
                "{\"rating\":\"up\"}"));

        HttpResponse<String> exported = api.get("api/v1/sessions/" + session + "/export?format=json", token);
        JsonNode export = expect(200, exported);
        assertTrue(exported.headers().firstValue("Content-Disposition").orElseThrow()
                .matches("attachment; filename=\"chatstream-.+\\.json\""), exported.headers().map().toString());
        assertEquals("chatstream.session", export.path("format").asText());
        assertEquals(5, export.path("messages").size(), "every branch: two questions and three replies");

        HttpResponse<String> markdown = api.get("api/v1/sessions/" + session + "/export?format=markdown", token);
        assertEquals(200, markdown.statusCode());
        assertTrue(markdown.headers().firstValue("Content-Type").orElseThrow().startsWith("text/markdown"));
        assertTrue(markdown.body().contains("## You\n\nexport me " + marker), markdown.body());
        assertFalse(markdown.body().contains("more " + marker), "only the branch shown: " + markdown.body());

        String importer = api.token("import-" + marker);
        JsonNode imported = expect(201, api.post("api/v1/sessions/import", importer, exported.body()));
        String copy = imported.path("id").asText();
        assertNotEquals(session, copy);
        assertEquals(5, imported.path("message_count").asInt());
        JsonNode copied = history(importer, copy);
        assertEquals(contents(history(token, session)), contents(copied));
        JsonNode copiedReply = copied.path("data").get(1);
        assertEquals(2, copiedReply.path("branch").path("count").asInt(), "the branches came along");
        assertEquals("up", StreamSupport.stream(expect(200, api.get("api/v1/sessions/" + copy + "/export", importer))
                .path("messages").spliterator(), false)
                .filter(message -> message.has("feedback")).findFirst().orElseThrow()
                .path("feedback").path("rating").asText());
        expect(404, api.get("api/v1/sessions/" + copy + "/export", token));

        // the importer's new session goes on like any other
        done(api.stream(importer, Map.of("message", "continued " + marker, "session_id", copy)));
        assertEquals(3, promptAsking("continued " + marker, 0).size(), "the imported branch shown, then the question");
    }

    @Test
    void aBadImportIsRefusedNamingTheFieldAndStoresNothing() {
        String token = api.token("bad-import-" + marker());
        String reply = UUID.randomUUID().toString();
        String question = UUID.randomUUID().toString();
        String replyFirst = """
                {"format":"chatstream.session","version":1,"session":{"topic":"broken"},
                 "messages":[{"id":"%s","parent_id":"%s","role":"assistant","content":"hi"},
                             {"id":"%s","role":"user","content":"hello"}]}""".formatted(reply, question, question);
        assertAll(
                () -> assertRefused(400, "messages[0].parent_id", api.post("api/v1/sessions/import", token, replyFirst)),
                () -> assertRefused(400, "format", api.post("api/v1/sessions/import", token, "{\"format\":\"other\"}")),
                () -> assertRefused(400, "messages[0].role", api.post("api/v1/sessions/import", token, """
                        {"format":"chatstream.session","version":1,"messages":[{"id":"%s","role":"system","content":"x"}]}"""
                        .formatted(question))),
                () -> assertEquals(400, api.post("api/v1/sessions/import", token, "[1,2").statusCode()));
        assertEquals(0, expect(200, api.get("api/v1/sessions", token)).path("data").size());
    }

    /** The defaults of chatstream.sessions.import.max-messages and max-bytes (docs/configuration.md). */
    private static final int MAX_IMPORT_MESSAGES = 10_000;
    private static final int MAX_IMPORT_BYTES = 16 * 1024 * 1024;

    /** A body too large for its limit: refused by its length, or when the limit was reached if it said none. */
    private static void assertRefusedAsTooLarge(HttpResponse<String> response) {
        assertEquals("too_large", expect(413, response).path("error").path("code").asText(), response.body());
    }

    @Test
    void anImportOverItsLimitsIsRefusedWith413AndStoresNothing() {
        String token = api.token("big-import-" + marker());
        StringBuilder messages = new StringBuilder();
        String parent = null;
        for (int i = 0; i <= MAX_IMPORT_MESSAGES; i++) {
            String id = UUID.randomUUID().toString();
            messages.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append('"')
                    .append(parent == null ? "" : ",\"parent_id\":\"" + parent + "\"")
                    .append(",\"role\":\"").append(i % 2 == 0 ? "user" : "assistant").append("\",\"content\":\"turn ")
                    .append(i).append("\"}");
            parent = id;
        }
        String tooMany = "{\"format\":\"chatstream.session\",\"version\":1,\"messages\":[" + messages + "]}";
        String tooLong = "{\"format\":\"chatstream.session\",\"version\":1,\"messages\":[{\"id\":\""
                + UUID.randomUUID() + "\",\"role\":\"user\",\"content\":\"" + "x".repeat(MAX_IMPORT_BYTES) + "\"}]}";

        assertRefused(413, "messages", api.post("api/v1/sessions/import", token, tooMany));
        assertRefusedAsTooLarge(api.post("api/v1/sessions/import", token, tooLong));
        assertRefusedAsTooLarge(api.postWithoutLength("api/v1/sessions/import", token, tooLong));
        assertRefusedAsTooLarge(api.overHttp1().postWithoutLength("api/v1/sessions/import", token, tooLong));
        assertEquals(0, expect(200, api.get("api/v1/sessions", token)).path("data").size());
    }
}
