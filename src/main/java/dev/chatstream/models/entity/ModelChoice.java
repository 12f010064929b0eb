package dev.chatstream.models.entity;

/**
 * What decides which provider and model answer: the request's {@code provider}, {@code model}, {@code model_type}
 * and {@code preferred_model} (each may be null), its assistant's settings, and what the prompt is like.
 * {@code images}: whether the message carries images (always false until messages can).
 */
public record ModelChoice(
        String provider,
        String model,
        ModelType modelType,
        String preferredModel,
        String assistantProvider,
        String assistantModel,
        ModelType assistantModelType,
        int promptTokens,
        boolean images) {

    /** Only the assistant's settings: what a request that asks for nothing gets. */
    public static ModelChoice ofAssistant(String assistantProvider, String assistantModel, ModelType assistantModelType) {
        return new ModelChoice(null, null, null, null, assistantProvider, assistantModel, assistantModelType, 0, false);
    }
}
