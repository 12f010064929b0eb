package dev.chatstream.chat.control;

import dev.chatstream.chat.entity.ChatEvent;
import java.util.UUID;

/** A reply another server of the cluster generates, read through the {@link ReplyJournal}. */
final class RemoteReply implements ReplyStream {

    private final ReplyJournal journal;
    private final ChatEvent.Start start;

    RemoteReply(ReplyJournal journal, ChatEvent.Start start) {
        this.journal = journal;
        this.start = start;
    }

    @Override
    public UUID replyId() {
        return start.replyId();
    }

    @Override
    public UUID sessionId() {
        return start.sessionId();
    }

    @Override
    public UUID messageId() {
        return start.messageId();
    }

    @Override
    public void subscribe(Subscriber reader, long afterId) {
        try {
            if (journal.follow(start.replyId(), afterId, reader, false)) {
                return;
            }
        } catch (ReplyJournal.Unavailable unreachable) {
            // as if the journal had lost it
        }
        reader.fail(Replies.unreachable());
    }
}
