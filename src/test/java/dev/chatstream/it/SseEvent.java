package dev.chatstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One event as a client received it: its id, its JSON and when it arrived. */
record SseEvent(long id, JsonNode data, Instant receivedAt) {

    String type() {
        return data.path("type").asText();
    }

    String text(String field) {
        return data.path(field).asText(null);
    }
}
