package dev.chatstream.chat.control;

import dev.chatstream.chat.entity.ChatEvent;
import dev.chatstream.chat.entity.EventFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A generation's events, numbered from 1, kept for readers that attach late. A content or reasoning piece is
 * kept as where it ends in the reply's text, which the generation collects anyway, not as an event object
 * with its own string: 5 bytes a piece instead of about 85, for every open stream and every ended generation
 * kept for resuming readers. Not thread-safe: the generation's lock guards it, and the generation only ever
 * appends to the texts.
 */
final class EventLog {

    private static final byte OTHER = 0;
    private static final byte CONTENT = 1;
    private static final byte REASONING = 2;

    private final UUID sessionId;
    private final CharSequence content;
    private final CharSequence reasoning;
    /** The events that are not text pieces (start, topic, the terminal one) in order: a handful per reply. */
    private final List<ChatEvent> others = new ArrayList<>(4);
    private byte[] kinds = new byte[16];
    /** For a piece, where it ends in its text; unused for the others. */
    private int[] ends = new int[16];
    private int size;

    /**
     * @param content   the reply's text, to which every content piece has been appended before it is added here
     * @param reasoning the same for reasoning pieces
     */
    EventLog(UUID sessionId, CharSequence content, CharSequence reasoning) {
        this.sessionId = sessionId;
        this.content = content;
        this.reasoning = reasoning;
    }

    int size() {
        return size;
    }

    void add(ChatEvent event) {
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        switch (event) {
            case ChatEvent.Content piece -> {
                kinds[size] = CONTENT;
                ends[size] = content.length();
            }
            case ChatEvent.Reasoning piece -> {
                kinds[size] = REASONING;
                ends[size] = reasoning.length();
            }
            default -> {
                kinds[size] = OTHER;
                others.add(event);
            }
        }
        size++;
    }

    /** Hands every event after the first {@code skipped} to the reader, in order; false once it has gone. */
    boolean replay(int skipped, Subscriber reader) {
        int contentStart = 0;
        int reasoningStart = 0;
        int other = 0;
        for (int i = 0; i < size; i++) {
            ChatEvent event = null;
            switch (kinds[i]) {
                case CONTENT -> {
                    if (i >= skipped) {
                        event = new ChatEvent.Content(sessionId, content.subSequence(contentStart, ends[i]).toString());
                    }
                    contentStart = ends[i];
                }
                case REASONING -> {
                    if (i >= skipped) {
                        event = new ChatEvent.Reasoning(reasoning.subSequence(reasoningStart, ends[i]).toString());
                    }
                    reasoningStart = ends[i];
                }
                default -> event = others.get(other++);
            }
            if (i >= skipped && !reader.deliver(new EventFrame(i + 1, event))) {
                return false;
            }
        }
        return true;
    }
}
