package dev.chatstream.chat.boundary;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The HTTP status of a reply that ended in an {@code error}, for the APIs that answer in one response. */
public final class ReplyErrors {

    private static final Map<String, Response.Status> STATUS = Map.of(
            "rate_limited", Response.Status.TOO_MANY_REQUESTS,
            "upstream_timeout", Response.Status.GATEWAY_TIMEOUT,
            "upstream_unavailable", Response.Status.BAD_GATEWAY,
            "upstream_rejected", Response.Status.BAD_GATEWAY,
            "upstream_invalid_response", Response.Status.BAD_GATEWAY,
            "reply_not_saved", Response.Status.SERVICE_UNAVAILABLE,
            "reply_unavailable", Response.Status.SERVICE_UNAVAILABLE);

    private ReplyErrors() {
    }

    public static Response.Status status(String code) {
        return STATUS.getOrDefault(code, Response.Status.INTERNAL_SERVER_ERROR);
    }
}
