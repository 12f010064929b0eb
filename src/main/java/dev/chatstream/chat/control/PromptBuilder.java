package dev.chatstream.chat.control;

import dev.chatstream.assistants.entity.Assistant;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.sessions.control.Turn;
import dev.chatstream.sessions.entity.MessageRole;
import java.util.ArrayList;
import java.util.List;

/** The messages sent to the model: the assistant's system prompt, the recent history, the new message. */
final class PromptBuilder {

    private PromptBuilder() {
    }

    static List<ModelMessage> prompt(Assistant assistant, List<Turn.PastMessage> history, String message) {
        List<ModelMessage> messages = new ArrayList<>(history.size() + 2);
        messages.add(ModelMessage.system(assistant.systemPrompt()));
        for (Turn.PastMessage past : history) {
            messages.add(past.role() == MessageRole.USER
                    ? ModelMessage.user(past.content())
                    : ModelMessage.assistant(past.content()));
        }
        messages.add(ModelMessage.user(message));
        return messages;
    }
}
