package dev.chatstream.openai.boundary;

/** A {@code model} that names no assistant: OpenAI's 404 {@code model_not_found}. */
class ModelNotFound extends RuntimeException {

    ModelNotFound(String model) {
        super("The model '" + model + "' does not exist: it must be one that GET /openai/v1/models lists");
    }
}
