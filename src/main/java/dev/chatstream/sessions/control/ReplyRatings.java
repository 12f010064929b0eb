package dev.chatstream.sessions.control;

import dev.chatstream.auth.entity.Owner;
import dev.chatstream.platform.control.Database;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.Rating;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.UUID;

/** Users' thumbs up or down on replies, with an optional comment: one rating per reply, replaced by the next. */
@ApplicationScoped
public class ReplyRatings {

    @Inject
    Database database;

    public Message rate(Owner owner, UUID replyId, Rating rating, String comment) {
        if (comment != null && comment.length() > Message.MAX_FEEDBACK_COMMENT) {
            throw InvalidInput.of("comment", "comment is at most " + Message.MAX_FEEDBACK_COMMENT + " characters");
        }
        return database.transaction(em -> {
            Message reply = reply(em, owner, replyId);
            reply.rate(rating, comment, Instant.now());
            return reply;
        });
    }

    public void remove(Owner owner, UUID replyId) {
        database.run(em -> reply(em, owner, replyId).removeFeedback());
    }

    private static Message reply(EntityManager em, Owner owner, UUID id) {
        Message message = em.find(Message.class, id);
        if (message == null || !message.session().isOwnedBy(owner)) {
            throw new MessageNotFound(id, null);
        }
        if (!message.isReply()) {
            throw InvalidInput.of(null, "Only an assistant reply can be rated; " + id + " is a user's message");
        }
        return message;
    }
}
