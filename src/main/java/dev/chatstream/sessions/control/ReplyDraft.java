package dev.chatstream.sessions.control;

import java.util.UUID;

/** The text a reply has so far, written while it is still streaming so that a crash loses little. */
public record ReplyDraft(UUID replyId, String content, String reasoning) {
}
