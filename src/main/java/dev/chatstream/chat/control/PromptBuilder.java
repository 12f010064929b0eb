package dev.chatstream.chat.control;

import dev.chatstream.assistants.entity.Assistant;
import dev.chatstream.models.control.TokenCounter;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.sessions.control.Turn;
import dev.chatstream.sessions.entity.MessageRole;
import dev.chatstream.uploads.entity.ImageInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The messages sent to the model: the assistant's system prompt, as much recent history as the assistant's
 * token budget allows — dropping the oldest whole messages first — and the new message. The system prompt
 * and the new message, with its images, are always kept. An earlier message's images are sent again only while they
 * fit too (each counted by {@link TokenCounter#imageTokens}); an earlier message whose images do not fit is kept
 * with its text alone if that fits.
 */
@ApplicationScoped
public class PromptBuilder {

    @Inject
    TokenCounter tokens;

    /** What each assistant's system prompt costs; assistants are configured, so this stays small. */
    private final Map<Assistant, Integer> instructionCosts = new ConcurrentHashMap<>();

    /**
     * Refuses a message that cannot fit the assistant's context budget even without any history; returns what
     * its text counts, to be stored with it and passed to {@link #prompt}.
     */
    public int checkFits(Assistant assistant, String message) {
        return checkFits(assistant, message, List.of());
    }

    /** The same for a message that shows {@code images}, which count too. */
    public int checkFits(Assistant assistant, String message, List<ImageInfo> images) {
        int messageTokens = tokens.count(message);
        int needed = fixedCost(assistant, messageTokens) + imageCost(images);
        if (needed > assistant.maxContextTokens()) {
            throw InvalidInput.of("message", "The message is about " + needed + " tokens with the assistant's "
                    + "instructions; the limit is " + assistant.maxContextTokens() + " tokens");
        }
        return messageTokens;
    }

    /**
     * The prompt for {@code message}, whose text counts {@code messageTokens}. History messages stored with
     * their count are not counted again: a conversation's history would otherwise be tokenized on every turn.
     */
    public List<ModelMessage> prompt(Assistant assistant, List<Turn.PastMessage> history, String message,
                                     int messageTokens) {
        return prompt(assistant, history, message, messageTokens, List.of(), null);
    }

    /**
     * The same for a message that shows {@code images}; {@code load} gives an image's bytes as the model receives them,
     * and is null when the model takes no images: earlier messages are then sent with their text alone.
     */
    public List<ModelMessage> prompt(Assistant assistant, List<Turn.PastMessage> history, String message,
                                     int messageTokens, List<ImageInfo> images,
                                     Function<ImageInfo, ModelMessage.Image> load) {
        int budget = assistant.maxContextTokens() - fixedCost(assistant, messageTokens) - imageCost(images);
        Deque<ModelMessage> kept = new ArrayDeque<>();
        int from = Math.max(0, history.size() - assistant.maxHistoryMessages());
        for (int i = history.size() - 1; i >= from; i--) {
            Turn.PastMessage past = history.get(i);
            int cost = past.contentTokens() != null
                    ? tokens.messageCost(past.contentTokens()) : tokens.countMessage(past.content());
            List<ImageInfo> shown = load == null ? List.of() : past.images();
            if (!shown.isEmpty() && cost + imageCost(shown) > budget) {
                shown = List.of(); // its text may still fit
            }
            if (past.content().isEmpty() && shown.isEmpty()) {
                continue; // images alone, not sent again: nothing left to say
            }
            cost += imageCost(shown);
            if (cost > budget) {
                break;
            }
            budget -= cost;
            kept.addFirst(past.role() == MessageRole.USER
                    ? ModelMessage.user(past.content(), loaded(shown, load))
                    : ModelMessage.assistant(past.content()));
        }
        List<ModelMessage> messages = new ArrayList<>(kept.size() + 2);
        messages.add(ModelMessage.system(assistant.systemPrompt()));
        messages.addAll(kept);
        messages.add(ModelMessage.user(message, loaded(images, load)));
        return messages;
    }

    private static List<ModelMessage.Image> loaded(List<ImageInfo> images, Function<ImageInfo, ModelMessage.Image> load) {
        return images.isEmpty() ? List.of() : images.stream().map(load).toList();
    }

    private static int imageCost(List<ImageInfo> images) {
        int cost = 0;
        for (ImageInfo image : images) {
            cost += TokenCounter.imageTokens(image.width(), image.height());
        }
        return cost;
    }

    /**
     * The prompt for {@code message} after the history the client sent (the OpenAI-compatible API): the assistant's
     * system prompt, then the client's own system messages, then as many of its other messages as the budget allows,
     * newest kept, then the message. Refused when the fixed part alone does not fit.
     */
    public List<ModelMessage> promptFromClient(Assistant assistant, List<ModelMessage> conversation, String message,
                                               int messageTokens) {
        List<ModelMessage> instructions = new ArrayList<>();
        instructions.add(ModelMessage.system(assistant.systemPrompt()));
        List<ModelMessage> history = new ArrayList<>();
        int budget = assistant.maxContextTokens() - fixedCost(assistant, messageTokens);
        for (ModelMessage each : conversation) {
            if (each.role() == ModelMessage.Role.SYSTEM) {
                instructions.add(each);
                budget -= tokens.countMessage(each.content());
            } else {
                history.add(each);
            }
        }
        if (budget < 0) {
            throw InvalidInput.of("messages", "The system messages and the last message are about "
                    + (assistant.maxContextTokens() - budget) + " tokens with the assistant's instructions; the limit is "
                    + assistant.maxContextTokens() + " tokens");
        }
        Deque<ModelMessage> kept = new ArrayDeque<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            int cost = tokens.countMessage(history.get(i).content());
            if (cost > budget) {
                break;
            }
            budget -= cost;
            kept.addFirst(history.get(i));
        }
        List<ModelMessage> messages = new ArrayList<>(instructions);
        messages.addAll(kept);
        messages.add(ModelMessage.user(message));
        return messages;
    }

    private int fixedCost(Assistant assistant, int messageTokens) {
        return instructionCosts.computeIfAbsent(assistant, configured -> tokens.countMessage(configured.systemPrompt()))
                + tokens.messageCost(messageTokens);
    }
}
