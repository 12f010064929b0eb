package dev.chatstream.chat.boundary;

import dev.chatstream.auth.boundary.Public;
import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.auth.control.StreamTickets;
import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.control.Generation;
import dev.chatstream.chat.control.Replies;
import dev.chatstream.platform.boundary.ApiException;
import dev.chatstream.platform.entity.Text;
import dev.chatstream.sessions.entity.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/v1/chat/streams/{reply_id}}: attach to a generation (again) — after a refresh, from a second
 * tab — and stop it. Replies of other users are not found.
 */
@ApplicationScoped
@Path("v1/chat/streams/{replyId}")
public class StreamsResource {

    public record Cancelled(UUID replyId, String status) {
    }

    @Inject
    Replies replies;

    @Inject
    CurrentUser user;

    @Inject
    SseReaders readers;

    @Inject
    StreamTickets tickets;

    /**
     * Replays the events after {@code Last-Event-ID} (header, or {@code last_event_id}), then follows live.
     * Authorized by a bearer token, or by the {@code ticket} of {@code POST /chat/messages} for this reply.
     */
    @GET
    @Public
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void attach(@PathParam("replyId") String replyId, @HeaderParam("Last-Event-ID") String lastEventHeader,
                       @QueryParam("last_event_id") String lastEventQuery, @QueryParam("ticket") String ticket,
                       @Context SseEventSink sink, @Context Sse sse) {
        UUID id = replyId(replyId);
        Owner owner = user.authenticated() ? user.owner()
                : Optional.ofNullable(ticket).flatMap(given -> tickets.verify(given, id)).orElseThrow(
                        () -> ApiException.unauthorized("A valid bearer token or a ticket for this reply is required"));
        long after = lastEventId(lastEventHeader != null ? lastEventHeader : lastEventQuery);
        Optional<Generation> running = replies.running(owner, id);
        if (running.isPresent()) {
            running.get().subscribe(readers.reader(sink, sse), after);
            return;
        }
        Message stored = replies.stored(owner, id).orElseThrow(() -> ApiException.notFound("Reply"));
        replies.attachElsewhere(stored, after, readers.reader(sink, sse));
    }

    /** Stops the reply, saves what was written so far and ends every reader's stream; idempotent. */
    @POST
    @Path("cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Cancelled cancel(@PathParam("replyId") String replyId) {
        UUID id = replyId(replyId);
        if (!replies.cancel(user.owner(), id)) {
            throw ApiException.notFound("Reply");
        }
        return new Cancelled(id, replies.stored(user.owner(), id).map(reply -> reply.status().wire()).orElse("cancelled"));
    }

    private static UUID replyId(String text) {
        return Text.uuid(text).orElseThrow(() -> ApiException.notFound("Reply"));
    }

    private static long lastEventId(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            throw ApiException.invalid("last_event_id", "Last-Event-ID must be an event id from this stream");
        }
    }
}
