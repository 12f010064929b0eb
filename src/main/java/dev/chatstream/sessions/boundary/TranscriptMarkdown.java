package dev.chatstream.sessions.boundary;

import dev.chatstream.sessions.control.Transcripts;
import dev.chatstream.sessions.entity.ChatSession;
import dev.chatstream.sessions.entity.Message;
import dev.chatstream.sessions.entity.MessageStatus;
import java.text.Normalizer;
import java.util.Locale;

/** The branch a session shows, as a Markdown document a person can read, print or paste. */
final class TranscriptMarkdown {

    private TranscriptMarkdown() {
    }

    static String of(Transcripts.Transcript transcript) {
        ChatSession session = transcript.session();
        StringBuilder markdown = new StringBuilder()
                .append("# ").append(title(session)).append("\n\n")
                .append("_Assistant: ").append(session.assistant()).append(" · started ").append(session.createdAt())
                .append("_\n");
        for (Message message : transcript.messages()) {
            markdown.append("\n## ").append(message.isReply() ? "Assistant" : "You");
            if (message.isReply() && message.model() != null) {
                markdown.append(" (").append(message.model()).append(')');
            }
            markdown.append("\n\n").append(message.content().strip()).append('\n');
            if (message.status() != MessageStatus.COMPLETE) {
                markdown.append("\n_(reply ").append(message.status().wire()).append(")_\n");
            }
        }
        return markdown.toString();
    }

    static String title(ChatSession session) {
        return session.topic() == null ? "Conversation" : session.topic();
    }

    /** A file name for the download: the topic in ASCII letters and digits, else the session's id. */
    static String fileName(ChatSession session, String extension) {
        String ascii = Normalizer.normalize(title(session), Normalizer.Form.NFKD)
                .replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-+|-+$)", "").toLowerCase(Locale.ROOT);
        String stem = ascii.isEmpty() || session.topic() == null ? "conversation-" + session.id() : ascii;
        return "chatstream-" + (stem.length() > 80 ? stem.substring(0, 80) : stem) + "." + extension;
    }
}
