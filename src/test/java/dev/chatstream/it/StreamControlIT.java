package dev.chatstream.it;

import static dev.chatstream.it.Eventually.eventually;
import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstream.testing.Script;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Generations outlive connections: stop them, resume them, read them twice, leave them. */
@Tag("every-server")
class StreamControlIT extends ServerIT {

    private static String marker() {
        return "c-" + UUID.randomUUID();
    }

    private static List<String> chunks(int count) {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunks.add("w" + i + " ");
        }
        return chunks;
    }



    @Test
    void cancelFromAnotherConnectionStopsTheModelAndSavesThePartialReply() throws Exception {
        String marker = marker();
        upstream.script(marker, Script.reply(chunks(40).toArray(String[]::new)).interval(Duration.ofMillis(100)));
        String token = api.token("cancel-" + marker);
        CountDownLatch someText = new CountDownLatch(2);
        Api.Started started = api.startStream(token, api.inNamedSession(token, marker), event -> {
            if (event.type().equals("content")) {
                someText.countDown();
            }
        });
        CompletableFuture<StreamResult> reader = started.result();
        assertTrue(someText.await(20, TimeUnit.SECONDS));
        String replyId = started.replyId();
        Instant cancelledAt = Instant.now();
        JsonNode cancelled = expect(200, api.post("api/v1/chat/streams/" + replyId + "/cancel", token, ""));
        Instant closed = upstream.connectionClosed(marker).get(5, TimeUnit.SECONDS);
        StreamResult partial = reader.get(20, TimeUnit.SECONDS);

        assertEquals("cancelled", cancelled.path("status").asText());
        assertTrue(Duration.between(cancelledAt, closed).toMillis() < 1000, "the upstream saw the connection closed within 1 s");
        assertEquals("done", partial.last().type());
        assertEquals("cancelled", partial.last().text("finish_reason"));
        Map<String, Object> reply = Db.message(UUID.fromString(replyId));
        assertEquals("CANCELLED", reply.get("status"), "saved before the cancel was answered");
        assertEquals(partial.content(), reply.get("content"));
        assertTrue(partial.content().length() < String.join("", chunks(40)).length());
        expect(200, api.post("api/v1/chat/streams/" + replyId + "/cancel", token, "")); // idempotent
        expect(404, api.post("api/v1/chat/streams/" + replyId + "/cancel", api.token("intruder-" + marker), ""));
    }

    @Test
    void cancelBeforeTheModelAnsweredAbortsTheWaitingRequest() throws Exception {
        String marker = marker();
        upstream.script(marker, Script.reply("never").hang());
        String token = api.token("hang-" + marker);
        Api.Started started = api.startStream(token, api.inNamedSession(token, marker));
        CompletableFuture<StreamResult> reader = started.result();
        upstream.requestReceived(marker).get(20, TimeUnit.SECONDS);
        String replyId = started.replyId();

        Instant cancelledAt = Instant.now();
        expect(200, api.post("api/v1/chat/streams/" + replyId + "/cancel", token, ""));
        Instant closed = upstream.connectionClosed(marker).get(5, TimeUnit.SECONDS);

        assertTrue(Duration.between(cancelledAt, closed).toMillis() < 1000, "closed before any header was sent");
        StreamResult result = reader.get(20, TimeUnit.SECONDS);
        assertEquals(List.of("start", "done"), result.types());
        assertEquals("cancelled", result.last().text("finish_reason"));
        assertEquals("CANCELLED", Db.message(UUID.fromString(replyId)).get("status"));
        assertEquals(1, upstream.requestsContaining(marker).stream().filter(r -> r.stream()).count(), "not retried");
    }

    @Test
    void aRefreshResumesAfterTheLastEventWithoutGapsOrDuplicates() throws Exception {
        String marker = marker();
        upstream.script(marker, Script.reply(chunks(12).toArray(String[]::new)).interval(Duration.ofMillis(100)));
        String token = api.token("resume-" + marker);

        StreamResult firstPart = api.stream(api.streamRequest(token, Map.of("message", marker)), event -> event.id() < 5);
        String replyId = firstPart.start().path("reply_id").asText();
        StreamResult rest = api.stream(api.attachRequest(token, replyId, 5L));
        StreamResult whole = api.stream(api.attachRequest(token, replyId, null));

        List<Long> ids = new ArrayList<>();
        firstPart.events().forEach(event -> ids.add(event.id()));
        rest.events().forEach(event -> ids.add(event.id()));
        assertEquals(LongStream.rangeClosed(1, ids.size()).boxed().toList(), ids, "exactly the missing events");
        assertEquals("done", rest.last().type());
        assertEquals(String.join("", chunks(12)), firstPart.content() + rest.content());
        assertEquals(ids.size(), whole.events().size(), "a reader from the start gets the same sequence");
        for (int i = 0; i < whole.events().size(); i++) {
            SseEvent expected = i < firstPart.events().size() ? firstPart.events().get(i) : rest.events().get(i - firstPart.events().size());
            assertEquals(expected.id(), whole.events().get(i).id());
            assertEquals(expected.data(), whole.events().get(i).data());
        }
        assertEquals(404, api.stream(api.attachRequest(api.token("other-" + marker), replyId, null)).status());
    }

    @Test
    void aRetriedSendWithTheSameClientRequestIdGetsTheFirstReplyInsteadOfASecond() throws Exception {
        String marker = marker();
        upstream.script(marker, Script.reply(chunks(8).toArray(String[]::new)).interval(Duration.ofMillis(100)));
        String token = api.token("retry-" + marker);
        Map<String, Object> body = Map.of("message", marker, "client_request_id", "send-" + marker);
        CompletableFuture<StreamResult> first = api.startStream(token, body).result();

        StreamResult whileRunning = api.stream(token, body);
        StreamResult original = first.get(20, TimeUnit.SECONDS);
        StreamResult afterwards = api.stream(token, body);

        String replyId = original.start().path("reply_id").asText();
        assertEquals(replyId, whileRunning.start().path("reply_id").asText());
        assertEquals(replyId, afterwards.start().path("reply_id").asText());
        assertEquals(original.content(), whileRunning.content());
        assertEquals(original.content(), afterwards.content());
        assertEquals("done", afterwards.last().type());
        assertEquals(1, upstream.requestsContaining(marker).stream().filter(r -> r.stream()).count(), "billed once");
        assertEquals(1, Db.query("SELECT id FROM chat_message WHERE content = ?", marker).size(), "stored once");

        StreamResult someoneElse = api.stream(api.token("other-" + marker), body);
        assertTrue(!replyId.equals(someoneElse.start().path("reply_id").asText()), "ids are per user");
    }

    @Test
    void eventSourceClientsPostThenReadTheStreamWithATicketForThatReplyOnly() throws Exception {
        String marker = marker();
        upstream.script(marker, Script.reply("read ", "with ", "a ", "ticket").interval(Duration.ofMillis(50)));
        String token = api.token("ticket-" + marker);

        var accepted = api.post("api/v1/chat/messages", token, Api.json(Map.of("message", marker)));
        JsonNode body = expect(202, accepted);
        String streamUrl = body.path("stream_url").asText();
        String replyId = body.path("reply_id").asText();
        assertTrue(streamUrl.startsWith("/api/v1/chat/streams/" + replyId + "?ticket="), streamUrl);
        assertTrue(accepted.headers().firstValue("Location").orElseThrow().endsWith(streamUrl));

        StreamResult read = api.stream(api.request(streamUrl.substring(1), null).header("Accept", "text/event-stream").GET().build());
        assertEquals(200, read.status(), read.errorBody());
        assertEquals("read with a ticket", read.content());
        assertEquals("done", read.last().type());

        String other = expect(202, api.post("api/v1/chat/messages", token, Api.json(Map.of("message", "another " + marker))))
                .path("reply_id").asText();
        String ticket = streamUrl.substring(streamUrl.indexOf("ticket=") + 7);
        assertEquals(401, api.stream(api.request("api/v1/chat/streams/" + other + "?ticket=" + ticket, null)
                .header("Accept", "text/event-stream").GET().build()).status(), "a ticket opens its own reply only");
        assertEquals(401, api.stream(api.request(streamUrl.substring(1) + "x", null)
                .header("Accept", "text/event-stream").GET().build()).status(), "a forged ticket opens nothing");
        eventually(Duration.ofSeconds(15), () -> api.stream(api.request(streamUrl.substring(1), null)
                .header("Accept", "text/event-stream").GET().build()).status() == 401);
    }

    @Test
    void twoReadersGetTheSameEventsLive() throws Exception {
        String marker = marker();
        upstream.script(marker, Script.reply(chunks(10).toArray(String[]::new)).interval(Duration.ofMillis(100)));
        String token = api.token("tabs-" + marker);
        Api.Started started = api.startStream(token, Map.of("message", marker));
        CompletableFuture<StreamResult> first = started.result();
        StreamResult second = api.stream(api.attachRequest(token, started.replyId(), null));

        StreamResult firstResult = first.get(20, TimeUnit.SECONDS);
        assertEquals(firstResult.events().stream().map(SseEvent::data).toList(),
                second.events().stream().map(SseEvent::data).toList());
        assertEquals(firstResult.events().stream().map(SseEvent::id).toList(), second.events().stream().map(SseEvent::id).toList());
    }

    @Test
    void aReplyGoesOnAfterItsReaderLeavesAndIsStoredComplete() throws Exception {
        String marker = marker();
        upstream.script(marker, Script.reply(chunks(10).toArray(String[]::new)).interval(Duration.ofMillis(80)));
        String token = api.token("leave-" + marker);

        StreamResult left = api.stream(api.streamRequest(token, Map.of("message", marker)), event -> !event.type().equals("content"));
        UUID replyId = UUID.fromString(left.start().path("reply_id").asText());

        eventually(Duration.ofSeconds(20), () -> "COMPLETE".equals(Db.message(replyId).get("status")));
        assertEquals(String.join("", chunks(10)), Db.message(replyId).get("content"));
        StreamResult later = api.stream(api.attachRequest(token, replyId.toString(), null));
        assertEquals("done", later.last().type());
        assertEquals(String.join("", chunks(10)), later.content());

        // once the events have expired from memory (chatstream.stream.retention), the stored reply answers
        eventually(Duration.ofSeconds(20), () -> api.stream(api.attachRequest(token, replyId.toString(), null)).events().size() == 2);
        StreamResult stored = api.stream(api.attachRequest(token, replyId.toString(), null));
        assertEquals(List.of("content", "done"), stored.types());
        assertEquals(String.join("", chunks(10)), stored.content());
        assertEquals("stop", stored.last().text("finish_reason"));
        assertEquals(left.start().path("message_id").asText(), stored.last().text("message_id"));
    }
}
