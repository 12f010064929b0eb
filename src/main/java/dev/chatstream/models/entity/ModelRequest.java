package dev.chatstream.models.entity;

import java.util.List;
import java.util.Objects;

/** What to ask a model. Null options are left to the provider's defaults. */
public record ModelRequest(
        String model,
        List<ModelMessage> messages,
        Double temperature,
        Integer maxTokens,
        ReasoningEffort reasoningEffort,
        Double topP,
        List<String> stop) {

    public ModelRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a model request needs at least one message");
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public ModelRequest(String model, List<ModelMessage> messages, Double temperature, Integer maxTokens,
                        ReasoningEffort reasoningEffort) {
        this(model, messages, temperature, maxTokens, reasoningEffort, null, List.of());
    }

    public ModelRequest withModel(String otherModel) {
        return new ModelRequest(otherModel, messages, temperature, maxTokens, reasoningEffort, topP, stop);
    }

    public String lastUserMessage() {
        return messages.get(messages.size() - 1).content();
    }
}
