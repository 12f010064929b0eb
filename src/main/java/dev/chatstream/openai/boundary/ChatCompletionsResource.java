package dev.chatstream.openai.boundary;

import dev.chatstream.assistants.control.AssistantCatalog;
import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.boundary.ReplyErrors;
import dev.chatstream.chat.control.Admission;
import dev.chatstream.chat.control.ChatTurns;
import dev.chatstream.chat.control.Replies;
import dev.chatstream.chat.control.ReplyCollector;
import dev.chatstream.chat.control.ReplyStream;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.ChatOrder;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.openai.entity.CompletionRequest;
import dev.chatstream.openai.entity.Completions;
import dev.chatstream.platform.control.BackgroundThreads;
import dev.chatstream.sessions.control.Conversations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /openai/v1/chat/completions}: OpenAI's Chat Completions, answered by chatstream's assistants. Each
 * call is a chat turn like any other — the last user message is saved before the model is called, the reply is
 * saved with its usage — in the session named by {@code X-Chatstream-Session}, or the one the client's history
 * continues, or a new one; the answer names it in the same header. The model sees the messages the client sent (after the assistant's system prompt),
 * trimmed to the assistant's token budget. Neither method keeps a request thread waiting for the model.
 */
@ApplicationScoped
@Path("v1/chat/completions")
public class ChatCompletionsResource {

    static final String SESSION_HEADER = "X-Chatstream-Session";

    @Inject
    ChatTurns turns;

    @Inject
    Replies replies;

    @Inject
    Admission admission;

    @Inject
    AssistantCatalog assistants;

    @Inject
    CurrentUser user;

    @Inject
    Conversations conversations;

    @Inject
    ProviderModels providerModels;

    @Inject
    BackgroundThreads threads;

    @Inject
    @ConfigProperty(name = "chatstream.chat.max-message-length", defaultValue = "32000")
    int maxMessageLength;

    @Inject
    @ConfigProperty(name = "chatstream.stream.reader-buffer", defaultValue = "4096")
    int readerBuffer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    public void create(JsonObject body, @HeaderParam(SESSION_HEADER) String session,
                       @HeaderParam("Idempotency-Key") String idempotencyKey, @Suspended AsyncResponse response) {
        CompletionRequest request = CompletionRequest.from(body, session, idempotencyKey, maxMessageLength);
        ChatOrder order = orderFor(request);
        Owner owner = user.owner();
        ReplyStream reply = admission.entering(owner, entry -> turns.start(owner, inItsSession(owner, order), entry));
        Completions completions = new Completions(reply.replyId(), Instant.now(), request.model());
        if (request.stream()) {
            CompletionStream stream = new CompletionStream(completions, request.includeUsage(), readerBuffer,
                    () -> replies.cancel(owner, reply.replyId()));
            reply.subscribe(stream, 0);
            // the response is written on the thread that resumes it: a virtual thread per stream, not a request thread
            threads.run(() -> response.resume(Response.ok(stream, MediaType.SERVER_SENT_EVENTS_TYPE)
                    .header(SESSION_HEADER, reply.sessionId()).build()));
        } else {
            ReplyCollector collector = new ReplyCollector();
            collector.result().thenAccept(collected -> response.resume(answer(completions, reply, collected)));
            reply.subscribe(collector, 0);
        }
    }

    /** The request's order for the assistant its {@code model} names, or else for that model of a provider. */
    private ChatOrder orderFor(CompletionRequest request) {
        if (assistants.find(request.model()).isPresent()) {
            return request.order();
        }
        if (!providerModels.allowed().contains(request.model())) {
            throw new ModelNotFound(request.model());
        }
        return request.order().withModelInsteadOfAssistant();
    }

    /**
     * The order in its session: the one {@code X-Chatstream-Session} names, else the caller's session with this
     * assistant whose stored messages are exactly the client's history (docs/openai.md), else a new one.
     */
    private ChatOrder inItsSession(Owner owner, ChatOrder order) {
        if (order.sessionId() != null) {
            return order;
        }
        List<ModelMessage> history = order.conversation().stream()
                .filter(message -> message.role() != ModelMessage.Role.SYSTEM).toList();
        String assistant = order.assistant() != null ? order.assistant() : assistants.byDefault().name();
        return conversations.continuedBy(owner, assistant, history).map(order::inSession).orElse(order);
    }

    private static Response answer(Completions completions, ReplyStream reply, ReplyCollector.Collected collected) {
        if (collected.ending() instanceof ChatEvent.Done done) {
            return Response.ok(completions.completion(collected.content(), done.finishReason(), done.usage()).toString(),
                    MediaType.APPLICATION_JSON_TYPE).header(SESSION_HEADER, reply.sessionId()).build();
        }
        ChatEvent.Error error = (ChatEvent.Error) collected.ending();
        int status = ReplyErrors.status(error.code()).getStatusCode();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header(SESSION_HEADER, reply.sessionId())
                .entity(OpenAiErrors.body(status, error.error(), null, error.code()))
                .build();
    }
}
