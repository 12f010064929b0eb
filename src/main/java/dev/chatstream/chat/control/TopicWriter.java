package dev.chatstream.chat.control;

import dev.chatstream.models.control.ModelCalls;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.models.entity.ModelRequest;
import dev.chatstream.platform.entity.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Names a conversation after its first message, with the model; falls back to the message itself. */
@ApplicationScoped
public class TopicWriter {

    static final int MAX_LENGTH = 60;
    private static final Logger LOG = Logger.getLogger(TopicWriter.class.getName());
    private static final String INSTRUCTION = """
            Write a short title (at most 8 words) for a conversation that starts with the user's message below. \
            Use the language of the message. Answer with the title only: no quotes, no punctuation at the end, \
            no explanation.""";

    @Inject
    ModelCalls models;

    public String topicFor(String firstMessage, String provider, String model) {
        try {
            String title = clean(models.complete(provider, new ModelRequest(model,
                    List.of(ModelMessage.system(INSTRUCTION), ModelMessage.user(firstMessage)), 0.3, 30, null)));
            if (!title.isEmpty()) {
                return title;
            }
        } catch (Exception e) { // checked ones too: Fault Tolerance may rethrow an interrupted retry undeclared
            LOG.log(Level.INFO, "Topic generation failed; using the first message", e);
        }
        return fallback(firstMessage);
    }

    /** The title of a conversation whose first message is an image without text. */
    static final String IMAGE_ONLY = "Image";

    static String fallback(String message) {
        return Text.shorten(Text.oneLine(message), MAX_LENGTH);
    }

    /** Models like to wrap titles in quotes, think aloud first, or add a final period. */
    static String clean(String raw) {
        String text = raw.replaceAll("(?s)<think>.*?</think>", "").strip();
        if (text.startsWith("<think>")) {
            return ""; // cut off while still thinking: no title in it
        }
        int newline = text.indexOf('\n');
        if (newline > 0) {
            text = text.substring(0, newline);
        }
        text = text.replaceAll("^[\"'“”「『《]+|[\"'“”」』》.。!！]+$", "").strip();
        return Text.shorten(text, MAX_LENGTH);
    }
}
