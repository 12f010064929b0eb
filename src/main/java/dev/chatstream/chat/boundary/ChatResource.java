package dev.chatstream.chat.boundary;

import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.chat.control.ChatTurns;
import dev.chatstream.chat.control.Generation;
import dev.chatstream.chat.entity.ChatOrder;
import dev.chatstream.chat.entity.ChatRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/v1/chat/stream}: the reply as Server-Sent Events (docs/protocol.md). Everything that can
 * be refused is refused before the stream starts, as a plain HTTP error; after that, failures arrive as an
 * {@code error} event. The method returns at once; no request thread waits for the model.
 */
@Path("v1/chat")
public class ChatStreamResource {

    @Inject
    ChatTurns turns;

    @Inject
    CurrentUser user;

    @Inject
    @ConfigProperty(name = "chatstream.chat.max-message-length", defaultValue = "32000")
    int maxMessageLength;

    @POST
    @Path("stream")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(ChatRequest request, @Context SseEventSink sink, @Context Sse sse) {
        ChatOrder order = ChatOrder.from(request, maxMessageLength);
        Generation generation = turns.start(user.owner(), order);
        generation.subscribe(new SseSubscriber(sink, sse), 0);
    }
}
