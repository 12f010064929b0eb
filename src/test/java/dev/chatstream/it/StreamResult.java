package dev.chatstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** What a client saw of one streamed request: status, headers, events in order, and comment lines. */
record StreamResult(int status, HttpHeaders headers, List<SseEvent> events, List<Instant> comments, String errorBody) {

    List<SseEvent> ofType(String type) {
        return events.stream().filter(event -> event.type().equals(type)).toList();
    }

    SseEvent first(String type) {
        return ofType(type).stream().findFirst().orElseThrow(() -> new AssertionError("no " + type + " event in " + types()));
    }

    SseEvent last() {
        return events.get(events.size() - 1);
    }

    String content() {
        return ofType("content").stream().map(event -> event.text("content")).collect(Collectors.joining());
    }

    List<String> types() {
        return events.stream().map(SseEvent::type).toList();
    }

    JsonNode start() {
        return first("start").data();
    }
}
