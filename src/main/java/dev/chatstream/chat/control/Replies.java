package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.sessions.control.Conversations;
import dev.chatstream.sessions.control.Turn;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.MessageRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds a reply for its owner: the running generation while this server still holds its events, else the
 * stored message. Someone else's reply is never found.
 */
@ApplicationScoped
public class Replies {

    @Inject
    Generations generations;

    @Inject
    Conversations conversations;

    public Optional<Generation> running(Owner owner, UUID replyId) {
        return generations.find(replyId).filter(generation -> generation.isOwnedBy(owner));
    }

    public Optional<Message> stored(Owner owner, UUID replyId) {
        return conversations.message(owner, replyId).filter(message -> message.role() == MessageRole.ASSISTANT);
    }

    /** A stored reply as a stream: its text as one {@code content} event, then {@code done}. */
    public List<ChatEvent> replay(Message reply) {
        UUID sessionId = reply.session().id();
        List<ChatEvent> events = new ArrayList<>(2);
        if (!reply.content().isEmpty()) {
            events.add(new ChatEvent.Content(sessionId, reply.content()));
        }
        UUID question = conversations.question(reply).map(Message::id).orElse(reply.id());
        String finish = reply.finishReason() != null ? reply.finishReason() : reply.status().wire();
        events.add(new ChatEvent.Done(sessionId, question, reply.id(), finish, reply.usage(),
                reply.model() == null ? "" : reply.model(), reply.session().topic()));
        return events;
    }

    /** A stored reply as an ended generation, for a client that sends the same request again. */
    Generation replayed(Owner owner, Message reply) {
        UUID question = conversations.question(reply).map(Message::id).orElse(reply.id());
        Turn turn = new Turn(reply.session().id(), reply.session().assistant(), question, reply.id(), false, List.of());
        String model = reply.model() == null ? "" : reply.model();
        Generation generation = new Generation(owner, turn, model, (ended, outcome, failure) -> { });
        generation.publish(new ChatEvent.Start(turn.sessionId(), question, reply.id(), turn.assistant(), model));
        replay(reply).forEach(generation::publish);
        return generation;
    }

    /** Cancels a running reply of the owner's; true when it existed (running or already ended). */
    public boolean cancel(Owner owner, UUID replyId) {
        Optional<Generation> running = running(owner, replyId);
        if (running.isPresent()) {
            running.get().cancel();
            return true;
        }
        return stored(owner, replyId).isPresent();
    }
}
