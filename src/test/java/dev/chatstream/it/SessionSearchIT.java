package dev.chatstream.it;

import static dev.chatstream.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/sessions?q=}: the caller's sessions whose topic or one message has every word (docs/api.md). */
@Tag("every-server")
class SessionSearchIT extends ServerIT {

    /** A word no other test writes: letters only, so every database's tokenizer sees one word. */
    private static String word() {
        StringBuilder word = new StringBuilder("zq");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 12; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private String user() {
        return api.token("search-" + UUID.randomUUID());
    }

    private String session(String token, String body) {
        return expect(201, api.post("api/v1/sessions", token, body)).path("id").asText();
    }

    private String chat(String token, String message) {
        StreamResult result = api.stream(token, Map.of("message", message));
        assertEquals("done", result.last().type(), result.types().toString());
        return result.start().path("session_id").asText();
    }

    private JsonNode search(String token, String query) {
        return expect(200, api.get("api/v1/sessions?" + query, token));
    }

    private List<String> found(String token, String q) {
        return ids(search(token, "q=" + encode(q)));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.path("data").spliterator(), false).map(node -> node.path("id").asText()).toList();
    }

    @Test
    void findsSessionsByTopicInAnyCase() {
        String token = user();
        String word = word();
        String named = session(token, "{\"topic\":\"Planning the " + word + " trip\"}");
        session(token, "{\"topic\":\"Something else\"}");

        assertEquals(List.of(named), found(token, word));
        assertEquals(List.of(named), found(token, word.toUpperCase(Locale.ROOT) + " planning"));
        assertEquals(List.of(named), found(token, "  trip,  " + word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1) + "! "));
    }

    @Test
    void findsSessionsByAMessageWithEveryWord() {
        String token = user();
        String word = word();
        String other = word();
        String session = chat(token, "Tell me about " + word + " and Orbits please");
        session(token, "{\"topic\":\"" + other + "\"}");

        assertEquals(List.of(session), found(token, word));
        assertEquals(List.of(session), found(token, "ORBITS " + word.toUpperCase(Locale.ROOT)));
        assertEquals(List.of(session), found(token, word + " orbit"), "the last word's beginning finds it");
        assertEquals(List.of(), found(token, word + " " + other), "every word in one message or in the topic");
        assertEquals(List.of(), found(token, word + " " + word()), "a word found nowhere");
    }

    @Test
    void findsNothingWhenNothingMatches() {
        String token = user();
        chat(token, "hello there");
        JsonNode page = search(token, "q=" + word());
        assertEquals(List.of(), ids(page));
        assertFalse(page.path("has_more").asBoolean());
    }

    @Test
    void findsChineseWordsInsideLongerRuns() {
        String token = user();
        String session = session(token, "{\"topic\":\"我的分数练习计划\"}");
        String message = chat(token, "请解释一下分数的加法");

        assertEquals(List.of(session), found(token, "练习"));
        assertEquals(List.of(message, session), found(token, "分数"));
        assertEquals(List.of(message), found(token, "分数 加法"));
    }

    @Test
    void neverFindsAnotherUsersOrTenantsSessions() {
        String word = word();
        String subject = "search-" + UUID.randomUUID();
        String owner = api.token(Map.of("user", subject, "tenant", "tenant-a"));
        String mine = chat(owner, "my secret " + word);

        for (String intruder : List.of(api.token(Map.of("user", subject, "tenant", "tenant-b")), api.token(subject),
                api.token(Map.of("user", "search-" + UUID.randomUUID(), "tenant", "tenant-a")))) {
            session(intruder, "{\"topic\":\"nothing here\"}");
            assertEquals(List.of(), found(intruder, word));
            assertEquals(List.of(), found(intruder, "secret " + word));
        }
        assertEquals(List.of(mine), found(owner, word));
    }

    @Test
    void pagesThroughResultsNewestFirstWithTheListsCursor() {
        String token = user();
        String word = word();
        List<String> matching = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            matching.add(0, session(token, "{\"topic\":\"" + word + " part " + i + "\"}"));
            session(token, "{\"topic\":\"unrelated " + i + "\"}");
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = search(token, "limit=2&q=" + word + (cursor == null ? "" : "&cursor=" + encode(cursor)));
            seen.addAll(ids(page));
            cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asText() : null;
            pages++;
        } while (cursor != null);

        assertEquals(3, pages);
        assertEquals(matching, seen, "every match once, newest first, none skipped or repeated");
        List<String> all = ids(expect(200, api.get("api/v1/sessions?limit=100", token)));
        assertEquals(all.stream().filter(matching::contains).toList(), seen, "in the order of the list");
    }

    @Test
    void combinesWithTheAssistantFilter() {
        String token = user();
        String word = word();
        String teacher = session(token, "{\"assistant\":\"teacher\",\"topic\":\"" + word + "\"}");
        String counselor = session(token, "{\"assistant\":\"counselor\",\"topic\":\"" + word + "\"}");
        session(token, "{\"assistant\":\"teacher\",\"topic\":\"other\"}");

        assertEquals(List.of(teacher), ids(search(token, "assistant=teacher&q=" + word)));
        assertEquals(List.of(counselor), ids(search(token, "q=" + word + "&assistant=counselor")));
        assertEquals(List.of(counselor, teacher), found(token, word));
    }

    @Test
    void aBlankQueryIsTheWholeList() {
        String token = user();
        String first = session(token, "{}");
        String second = session(token, "{\"topic\":\"x\"}");
        assertEquals(List.of(second, first), ids(search(token, "q=%20%20")));
        assertEquals(List.of(second, first), ids(search(token, "q=")));
    }

    @Test
    void refusesQueriesThatCannotBeASearchNamingQ() {
        String token = user();
        for (String q : List.of("x".repeat(201), "a b c d e f g h i j k", "?! -- %")) {
            JsonNode error = expect(400, api.get("api/v1/sessions?q=" + encode(q), token)).path("error");
            assertEquals("invalid_request", error.path("code").asText(), error.toString());
            assertEquals("q", error.path("field").asText(), error.toString());
        }
    }
}
