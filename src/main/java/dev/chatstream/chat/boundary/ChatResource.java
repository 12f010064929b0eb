package dev.chatstream.chat.boundary;

import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.auth.control.StreamTickets;
import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.control.Admission;
import dev.chatstream.chat.control.ChatTurns;
import dev.chatstream.chat.control.ReplyCollector;
import dev.chatstream.chat.control.ReplyStream;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.ChatOrder;
import dev.chatstream.chat.entity.ChatRequest;
import dev.chatstream.platform.boundary.ErrorBody;
import dev.chatstream.uploads.control.Uploads;
import dev.chatstream.uploads.entity.ImageFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/v1/chat/stream} streams the reply as Server-Sent Events (docs/protocol.md);
 * {@code POST /api/v1/chat} answers the same request with one JSON object once the reply is saved. Everything
 * that can be refused is refused before either starts, as a plain HTTP error. Both methods return at once;
 * no request thread waits for the model.
 */
@ApplicationScoped
@Path("v1/chat")
@Consumes(MediaType.APPLICATION_JSON)
public class ChatResource {

    public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    }

    public record Accepted(UUID sessionId, UUID messageId, UUID replyId, String streamUrl) {
    }

    /** What a message may hold, for clients that check before they send (the page does). */
    public record Limits(int maxMessageChars, int maxImages, long maxImageBytes, List<String> imageTypes) {
    }

    public record Reply(UUID sessionId, UUID messageId, UUID replyId, String content, String finishReason,
                        Usage usage, String model, String topic, String provider) {
    }

    @Inject
    ChatTurns turns;

    @Inject
    CurrentUser user;

    @Inject
    SseReaders readers;

    @Inject
    Admission admission;

    @Inject
    StreamTickets tickets;

    @Inject
    Uploads uploads;

    @Inject
    @ConfigProperty(name = "chatstream.chat.max-message-length", defaultValue = "32000")
    int maxMessageLength;

    @Inject
    @ConfigProperty(name = "chatstream.chat.max-images", defaultValue = "4")
    int maxImages;

    @GET
    @Path("limits")
    @Produces(MediaType.APPLICATION_JSON)
    public Limits limits() {
        return new Limits(maxMessageLength, maxImages, uploads.maxBytes(),
                Arrays.stream(ImageFormat.values()).map(ImageFormat::mediaType).toList());
    }

    @POST
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(ChatRequest request, @Context SseEventSink sink, @Context Sse sse) {
        start(request).subscribe(readers.reader(sink, sse), 0);
    }

    /**
     * {@code POST /api/v1/chat/messages}: starts the reply and answers 202 at once with where to read it — a
     * {@code stream_url} carrying a short-lived ticket, for clients that can only GET a stream (EventSource).
     */
    @POST
    @Path("messages")
    @Produces(MediaType.APPLICATION_JSON)
    public Response send(ChatRequest request, @Context UriInfo uri) {
        ReplyStream reply = start(request);
        UUID replyId = reply.replyId();
        // a JWS in compact form is URL-safe as it is
        String streamUrl = uri.getBaseUri().getRawPath() + "v1/chat/streams/" + replyId + "?ticket="
                + tickets.issue(user.owner(), replyId);
        return Response.accepted(new Accepted(reply.sessionId(), reply.messageId(), replyId,
                        streamUrl))
                .location(uri.getBaseUri().resolve(streamUrl))
                .build();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public void complete(ChatRequest request, @Suspended AsyncResponse response) {
        ReplyStream reply = start(request);
        ReplyCollector collector = new ReplyCollector();
        collector.result().thenAccept(collected -> response.resume(answer(collected)));
        reply.subscribe(collector, 0);
    }

    /** Counts the request against the caller's rate, checks it and starts (or finds) its reply. */
    private ReplyStream start(ChatRequest request) {
        Owner owner = user.owner();
        return admission.entering(owner,
                entry -> turns.start(owner, ChatOrder.from(request, maxMessageLength, maxImages), entry));
    }

    private static Response answer(ReplyCollector.Collected collected) {
        if (collected.ending() instanceof ChatEvent.Done done) {
            Usage usage = done.usage() == null ? null : new Usage(done.usage().promptTokens(),
                    done.usage().completionTokens(), done.usage().totalTokens());
            return Response.ok(new Reply(done.sessionId(), done.messageId(), done.replyId(), collected.content(),
                    done.finishReason(), usage, done.model(), done.topic(), done.provider()), MediaType.APPLICATION_JSON_TYPE).build();
        }
        ChatEvent.Error error = (ChatEvent.Error) collected.ending();
        return Response.status(ReplyErrors.status(error.code()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(error.code(), error.error(), null))
                .build();
    }
}
