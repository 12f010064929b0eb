package dev.chatstream.chat.control;

import dev.chatstream.assistants.control.AssistantCatalog;
import dev.chatstream.assistants.entity.Assistant;
import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.ChatOrder;
import dev.chatstream.models.control.ModelCalls;
import dev.chatstream.models.control.Route;
import dev.chatstream.models.control.TokenCounter;
import dev.chatstream.models.entity.ModelChoice;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.models.entity.ModelRequest;
import dev.chatstream.platform.control.BackgroundThreads;
import dev.chatstream.platform.control.ServerInstance;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.sessions.control.AssistantMismatch;
import dev.chatstream.sessions.control.Conversations;
import dev.chatstream.sessions.control.ReliableWrites;
import dev.chatstream.sessions.control.SessionAssistants;
import dev.chatstream.sessions.control.Turn;
import dev.chatstream.sessions.entity.Fork;
import dev.chatstream.sessions.entity.ReplyOutcome;
import dev.chatstream.uploads.entity.ImageInfo;
import dev.chatstream.uploads.entity.ImageRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs a chat exchange: saves the user's message before anything else, streams the model's reply into a
 * {@link Generation}, names a new conversation in parallel, saves the reply and ends the stream.
 */
@ApplicationScoped
public class ChatTurns implements Generation.Ending {

    private static final Logger LOG = Logger.getLogger(ChatTurns.class.getName());

    /**
     * A longer reply is stored without its token count, and counted only if a prompt uses it: counting takes
     * time in proportion to the text (seconds for a 20 MB reply without spaces, as in StreamLoadIT), and the
     * reply's {@code done} waits for it.
     */
    private static final int LONGEST_COUNTED_REPLY = 65_536;

    @Inject
    AssistantCatalog assistants;

    @Inject
    Conversations conversations;

    @Inject
    SessionAssistants sessionAssistants;

    @Inject
    ReliableWrites writes;

    @Inject
    ModelCalls models;

    @Inject
    TopicWriter topics;

    @Inject
    PromptBuilder prompts;

    @Inject
    ImageAttachments attachments;

    @Inject
    TokenCounter tokens;

    @Inject
    Replies replies;

    @Inject
    Generations generations;

    @Inject
    BackgroundThreads threads;

    @Inject
    ChatMetrics metrics;

    @Inject
    ReplyJournal journal;

    @Inject
    RequestClaims claims;

    @Inject
    ServerInstance instance;

    @Inject
    @ConfigProperty(name = "chatstream.topic.wait", defaultValue = "PT3S")
    Duration topicWait;

    /** Off by default: a reply goes on when its reader leaves, so that a refresh can resume it. */
    @Inject
    @ConfigProperty(name = "chatstream.stream.stop-on-disconnect", defaultValue = "false")
    boolean stopOnDisconnect;

    /**
     * Saves the message and starts generating; returns at once with the reply's stream. A request carrying a
     * {@code client_request_id} the same user sent before — to this server or another one of the cluster — gets
     * that earlier reply, running or stored, instead of a second one. A new reply takes its place through the
     * request's {@code entry}.
     */
    public ReplyStream start(Owner owner, ChatOrder order, Admission.Entry entry) {
        if (order.clientRequestId() == null) {
            return startNew(owner, order, UUID.randomUUID(), entry);
        }
        String key = owner.tenant() + '\u0000' + owner.subject() + '\u0000' + order.clientRequestId();
        CompletableFuture<ReplyStream> mine = new CompletableFuture<>();
        CompletableFuture<ReplyStream> earlier = generations.claim(key, mine);
        if (earlier != null) {
            return Replies.awaitStarted(earlier);
        }
        try {
            ReplyStream reply = conversations.replyTo(owner, order.clientRequestId())
                    .map(stored -> replies.existing(owner, stored))
                    .orElseGet(() -> startClaimed(owner, order, key, entry));
            mine.complete(reply);
            return reply;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Starts the reply unless another server of the cluster has started one for the same request. */
    private ReplyStream startClaimed(Owner owner, ChatOrder order, String key, Admission.Entry entry) {
        UUID replyId = UUID.randomUUID();
        Optional<UUID> elsewhere = claims.claim(key, replyId);
        if (elsewhere.isPresent()) {
            return replies.elsewhere(elsewhere.get());
        }
        try {
            Generation generation = startNew(owner, order, replyId, entry);
            generation.ended().thenRun(() -> claims.ended(key));
            return generation;
        } catch (RuntimeException e) {
            claims.release(key);
            throw e;
        }
    }

    private Generation startNew(Owner owner, ChatOrder asked, UUID replyId, Admission.Entry entry) {
        Fork.Point point = asked.fork().kind() == Fork.Kind.CONTINUE ? null
                : conversations.forkPoint(owner, asked.sessionId(), asked.fork());
        ChatOrder order = point == null ? asked : asked.at(point);
        Assistant assistant = assistantFor(owner, order);
        List<ImageInfo> images = attachments.check(owner, order.images());
        int messageTokens;
        Route route;
        String model;
        boolean takesImages;
        List<ModelMessage> clientPrompt;
        Admission.Ticket place;
        try {
            messageTokens = prompts.checkFits(assistant, order.message(), images);
            boolean showsImages = !images.isEmpty() || (point != null && point.questionImages() > 0);
            route = routeFor(order, assistant, messageTokens, showsImages);
            model = route.model();
            takesImages = models.acceptsImages(route.provider().name(), model);
            if (showsImages && !takesImages) {
                throw new ImageRefused(ImageRefused.Reason.NOT_SUPPORTED_BY_MODEL, "images",
                        "The model " + model + " of " + route.provider().name() + " does not take images");
            }
            // the client's own history is checked before anything is saved; the stored one is read while saving
            clientPrompt = order.conversation() == null ? null
                    : prompts.promptFromClient(assistant, order.conversation(), order.message(), messageTokens);
            place = entry.admit();
        } catch (RuntimeException e) {
            attachments.forgetInline(owner, order.images(), images);
            throw e;
        }
        Turn turn;
        try {
            turn = conversations.begin(owner, order.sessionId(), order.fork(),
                    order.sessionId() == null ? assistant.name() : null, order.message(), messageTokens,
                    images.stream().map(ImageInfo::id).toList(),
                    order.clientRequestId(), route.provider().name(), model, clientPrompt != null ? 0 : assistant.maxHistoryMessages(), replyId,
                    instance.id());
        } catch (AssistantMismatch mismatch) {
            place.close();
            attachments.forgetInline(owner, order.images(), images);
            throw InvalidInput.of("assistant", mismatch.getMessage());
        } catch (RuntimeException e) {
            place.close();
            attachments.forgetInline(owner, order.images(), images);
            throw e;
        }
        sessionAssistants.remember(owner, turn);
        ModelRequest request = new ModelRequest(model,
                clientPrompt != null ? clientPrompt
                        : prompts.prompt(assistant, turn.history(), order.message(), messageTokens, turn.images(),
                                takesImages ? attachments::load : null),
                order.temperature() != null ? order.temperature() : assistant.temperature(),
                order.maxTokens(), order.reasoningEffort(), order.topP(), order.stop());

        Generation generation = new Generation(owner, turn, route.provider().name(), model, this, journal,
                assistant.maxReplyChars());
        generations.add(generation);
        generation.ended().whenComplete((done, error) -> place.close());
        if (stopOnDisconnect) {
            generation.whenAbandoned(() -> threads.run(generation::cancel));
        }
        generation.publish(new ChatEvent.Start(turn.sessionId(), turn.messageId(), turn.replyId(), turn.assistant(), model,
                route.provider().name()));
        if (turn.firstExchange() && clientPrompt != null) {
            // a client of the OpenAI-compatible API starts a session per call: no second model call per request
            threads.run(() -> store(generation, TopicWriter.fallback(order.message())));
        } else if (turn.firstExchange() && order.message().isBlank()) {
            threads.run(() -> store(generation, TopicWriter.IMAGE_ONLY)); // nothing to name it by
        } else if (turn.firstExchange()) {
            threads.run(() -> name(generation, order.message(), route.provider().name(), model));
        } else {
            generation.unnamed();
        }
        threads.run(() -> generate(generation, route, request));
        return generation;
    }

    private void generate(Generation generation, Route route, ModelRequest request) {
        try {
            models.open(route, request, generation);
        } catch (ModelFailure failure) {
            generation.onFailure(failure);
        } catch (RuntimeException unexpected) {
            LOG.log(Level.SEVERE, "Generation " + generation.replyId() + " failed", unexpected);
            generation.onFailure(new ModelFailure(ModelFailure.Code.INTERNAL, "The server failed to call the model",
                    null, unexpected));
        }
    }

    private void name(Generation generation, String firstMessage, String provider, String model) {
        store(generation, topics.topicFor(firstMessage, provider, model));
    }

    private void store(Generation generation, String topic) {
        try {
            writes.nameSession(generation.turn().sessionId(), topic).ifPresentOrElse(generation::named, generation::unnamed);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not store the topic of session " + generation.turn().sessionId(), e);
            generation.unnamed();
        }
    }

    @Override
    public void end(Generation generation, ReplyOutcome outcome, ModelFailure failure) {
        metrics.replyEnded(outcome, failure);
        try {
            writes.endReply(generation.replyId(), outcome.content().length() <= LONGEST_COUNTED_REPLY
                    ? outcome.withContentTokens(tokens.count(outcome.content())) : outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Reply " + generation.replyId() + " could not be saved", e);
            generation.publish(new ChatEvent.Error(
                    "The reply could not be saved; please send your message again", "reply_not_saved", true));
            generations.ended(generation);
            return;
        }
        generation.awaitTopic(topicWait);
        Turn turn = generation.turn();
        if (failure != null) {
            generation.publish(new ChatEvent.Error(failure.getMessage(), failure.code().wire(), failure.code().retryable()));
        } else {
            generation.publish(new ChatEvent.Done(turn.sessionId(), turn.messageId(), turn.replyId(),
                    outcome.finishReason(), outcome.usage(), outcome.model(), generation.topic(), generation.provider()));
        }
        generations.ended(generation);
    }

    /**
     * The provider and model: what the request asks for, else its assistant's, else the routing rule's
     * (docs/configuration.md). {@code promptTokens}: the new message's, the measure of {@code auto}'s token rule.
     */
    private Route routeFor(ChatOrder order, Assistant assistant, int promptTokens, boolean images) {
        ChatOrder.Pick pick = order.pick();
        // images: true once messages can carry them (the images half of issue 25), so that auto routes them to cloud
        return models.route(new ModelChoice(pick.provider(), order.model(), pick.modelType(), pick.preferredModel(),
                assistant.provider(), assistant.model(), assistant.modelType(), promptTokens, images));
    }

    /** The request's assistant, else the session's own, else the default one. */
    private Assistant assistantFor(Owner owner, ChatOrder order) {
        Assistant requested = order.assistant() == null ? null : assistants.find(order.assistant()).orElseThrow(
                () -> InvalidInput.of("assistant", "Unknown assistant '" + order.assistant() + "'"));
        if (order.sessionId() == null) {
            return requested != null ? requested : assistants.byDefault();
        }
        String own = sessionAssistants.of(owner, order.sessionId());
        if (requested != null && !requested.name().equals(own)) {
            throw InvalidInput.of("assistant", "This session belongs to the assistant '" + own + "'");
        }
        return assistants.find(own).orElse(assistants.byDefault());
    }

}
