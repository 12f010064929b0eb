package dev.chatstream.chat.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;
import dev.chatstream.platform.entity.Overloaded;
import dev.chatstream.sessions.control.Conversations;
import dev.chatstream.sessions.control.Turn;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.sessions.entity.MessageStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds a reply for its owner: the running generation while this server holds its events, else the one another
 * server of the cluster generates, else the stored message. Someone else's reply is never found.
 */
@ApplicationScoped
public class Replies {

    /** How long a request for a reply another server starts, or stops, waits for that server to answer. */
    private static final Duration ELSEWHERE_WAIT = Duration.ofSeconds(30);

    @Inject
    Generations generations;

    @Inject
    Conversations conversations;

    @Inject
    ReplyJournal journal;

    public Optional<Generation> running(Owner owner, UUID replyId) {
        return generations.find(replyId).filter(generation -> generation.isOwnedBy(owner));
    }

    public Optional<Message> stored(Owner owner, UUID replyId) {
        return conversations.message(owner, replyId).filter(message -> message.role() == MessageRole.ASSISTANT);
    }

    /**
     * Hands {@code reader} a reply this server does not generate: its events after {@code afterId} from the
     * server that does, else the stored reply as one {@code content} event and {@code done}.
     */
    public void attachElsewhere(Message stored, long afterId, Subscriber reader) {
        try {
            if (journal.follow(stored.id(), afterId, reader, false)) {
                return;
            }
        } catch (ReplyJournal.Unavailable unreachable) {
            // answered below from what is stored, if the reply has ended
        }
        if (stored.status() == MessageStatus.STREAMING) {
            reader.fail(unreachable());
            return;
        }
        List<ChatEvent> events = replay(stored);
        for (int i = 0; i < events.size(); i++) {
            reader.deliver(new EventFrame(i + 1, events.get(i)));
        }
        reader.close();
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
                reply.model() == null ? "" : reply.model(), reply.session().topic(), reply.provider()));
        return events;
    }

    /** A stored reply as a stream, for a client that sends the same request again: wherever it is generated, or ended. */
    ReplyStream existing(Owner owner, Message stored) {
        Optional<Generation> here = generations.find(stored.id());
        if (here.isPresent()) {
            return here.get();
        }
        return stored.status() == MessageStatus.STREAMING ? elsewhere(stored.id()) : replayed(owner, stored);
    }

    /** A stored reply as an ended generation. */
    private Generation replayed(Owner owner, Message reply) {
        UUID question = conversations.question(reply).map(Message::id).orElse(reply.id());
        Turn turn = new Turn(reply.session().id(), reply.session().assistant(), question, reply.id(), false, List.of());
        String model = reply.model() == null ? "" : reply.model();
        // replayed as events, not appended: the stored reply is within its bound already
        Generation generation = new Generation(owner, turn, reply.provider(), model, (ended, outcome, failure) -> { },
                ReplyJournal.NONE, Integer.MAX_VALUE);
        generation.publish(new ChatEvent.Start(turn.sessionId(), question, reply.id(), turn.assistant(), model,
                reply.provider()));
        replay(reply).forEach(generation::publish);
        return generation;
    }

    /**
     * A reply another server of the cluster starts for the same request as this one: once its {@code start}
     * has arrived, which says where it belongs.
     */
    ReplyStream elsewhere(UUID replyId) {
        ReplyCollector started = new ReplyCollector();
        try {
            if (!journal.follow(replyId, 0, started, true)) {
                throw new ReplyJournal.Unavailable("no journal holds reply " + replyId, null);
            }
            return new RemoteReply(journal, awaitStarted(started.start()));
        } catch (ReplyJournal.Unavailable e) {
            ChatEvent.Error unreachable = unreachable();
            throw Overloaded.server(unreachable.code(), unreachable.error(), 2);
        } finally {
            started.stop();
        }
    }

    /**
     * What another request with the same {@code client_request_id} started, once it has, on this server or
     * another; refused as {@code duplicate_in_progress} when it takes longer than the wait.
     */
    static <T> T awaitStarted(Future<T> starting) {
        try {
            return starting.get(ELSEWHERE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw Overloaded.user("duplicate_in_progress", "The same request is still being started; try again", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Overloaded.server("The server is shutting down", 5);
        }
    }

    /**
     * Stops a running reply of the owner's, on this server or the one generating it, and returns once it has
     * ended (or after a while, if that server does not answer); true when the reply exists.
     */
    public boolean cancel(Owner owner, UUID replyId) {
        Optional<Generation> running = running(owner, replyId);
        if (running.isPresent()) {
            running.get().cancel();
            return true;
        }
        Optional<Message> stored = stored(owner, replyId);
        if (stored.isPresent() && stored.get().status() == MessageStatus.STREAMING) {
            cancelElsewhere(replyId);
        }
        return stored.isPresent();
    }

    private void cancelElsewhere(UUID replyId) {
        ReplyCollector ending = new ReplyCollector();
        try {
            boolean following = journal.follow(replyId, 0, ending, false);
            journal.requestCancel(replyId);
            if (following) {
                ending.result().toCompletableFuture().get(ELSEWHERE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ReplyJournal.Unavailable e) {
            ChatEvent.Error unreachable = unreachable();
            throw Overloaded.server(unreachable.code(), unreachable.error(), 2);
        } catch (ExecutionException | TimeoutException late) {
            // the server generating it did not answer in time; its reply stays as it is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ending.stop();
        }
    }

    /** A reply being generated by a server of the cluster that cannot be reached now. */
    static ChatEvent.Error unreachable() {
        return new ChatEvent.Error("This reply is being written on another server that cannot be reached right now; "
                + "try again shortly", "reply_unavailable", true);
    }
}
