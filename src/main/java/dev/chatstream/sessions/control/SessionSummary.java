package dev.chatstream.sessions.control;

import dev.chatstream.platform.entity.Text;
import dev.chatstream.sessions.entity.ChatSession;

/** A session as lists and details show it: with its message count, token totals and latest words. */
public record SessionSummary(ChatSession session, long messageCount, long promptTokens, long completionTokens,
                             String lastMessage) {

    public static final int PREVIEW_LENGTH = 80;

    public static String preview(String content) {
        if (content == null) {
            return null;
        }
        return Text.shorten(Text.oneLine(content), PREVIEW_LENGTH);
    }
}
