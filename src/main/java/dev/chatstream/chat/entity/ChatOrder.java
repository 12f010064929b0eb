package dev.chatstream.chat.entity;

import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.models.entity.ModelType;
import dev.chatstream.models.entity.ReasoningEffort;
import dev.chatstream.platform.entity.InvalidInput;
import dev.chatstream.platform.entity.Text;
import dev.chatstream.sessions.entity.Fork;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A checked chat request: every field within its rules, or the request is refused naming the field.
 * {@code conversation}, when not null, is the history the client sent with the message (the OpenAI-compatible
 * API: system and earlier messages), which the model then sees instead of the stored one. {@code fork} says
 * where the exchange goes in the session's tree (a regenerated reply has no message of its own until
 * {@link #at} gives it its question's). {@code images} are the images the message shows; a message with images may
 * have no text. {@code pick} is what the request asks of the provider ({@code provider},
 * {@code model_type}, {@code preferred_model}); {@code model} it names besides.
 */
public record ChatOrder(
        String message,
        UUID sessionId,
        String assistant,
        String model,
        Double temperature,
        Integer maxTokens,
        ReasoningEffort reasoningEffort,
        String clientRequestId,
        List<ModelMessage> conversation,
        Double topP,
        List<String> stop,
        Fork fork,
        Pick pick,
        Attachments images) {

    /** The request's provider, model type and preferred model, each null when not asked for. */
    public record Pick(String provider, ModelType modelType, String preferredModel) {
        public static final Pick NONE = new Pick(null, null, null);
    }

    public ChatOrder {
        pick = pick == null ? Pick.NONE : pick;
        fork = fork == null ? Fork.CONTINUE : fork;
        images = images == null ? Attachments.NONE : images;
        conversation = conversation == null ? null : List.copyOf(conversation);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** An order without images (the OpenAI-compatible API's). */
    public ChatOrder(String message, UUID sessionId, String assistant, String model, Double temperature,
                     Integer maxTokens, ReasoningEffort reasoningEffort, String clientRequestId,
                     List<ModelMessage> conversation, Double topP, List<String> stop, Fork fork) {
        this(message, sessionId, assistant, model, temperature, maxTokens, reasoningEffort, clientRequestId,
                conversation, topP, stop, fork, Pick.NONE, Attachments.NONE);
    }

    public static final int MAX_MODEL_NAME = 200;
    /** {@code chatstream.chat.max-images}'s default. */
    public static final int MAX_IMAGES = 4;
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    public static ChatOrder from(ChatRequest request, int maxMessageLength) {
        return from(request, maxMessageLength, MAX_IMAGES);
    }

    /** Checks {@code request}; a message shows at most {@code maxImages} images. */
    public static ChatOrder from(ChatRequest request, int maxMessageLength, int maxImages) {
        if (request == null) {
            throw InvalidInput.of(null, "A JSON body with a message is required");
        }
        Fork fork = fork(request);
        String message = request.message();
        Attachments images = Attachments.from(request.images(), request.imageData(), request.imageType(), maxImages);
        if (fork.kind() == Fork.Kind.REGENERATE) {
            if (message != null) {
                throw InvalidInput.of("message", "regenerate asks the reply's own question again: send no message "
                        + "(to change the question, send it as edit)");
            }
            if (!images.isEmpty()) {
                throw InvalidInput.of("images", "regenerate answers the question with its own images: send none "
                        + "(to change them, send the question as edit)");
            }
        } else if (!images.isEmpty() && (message == null || message.isBlank())) {
            message = ""; // an image alone is a message
        } else if (message == null || message.isBlank()) {
            throw InvalidInput.of("message", "message is required and cannot be blank (unless images are attached)");
        } else if (message.length() > maxMessageLength) {
            throw InvalidInput.tooLarge("message", "message is longer than " + maxMessageLength + " characters");
        }
        return new ChatOrder(message, sessionId(request.sessionId()), blankToNull(request.assistant()),
                model(request.model()), temperature(request.temperature()), maxTokens(request.maxTokens()),
                effort(request.reasoningEffort()), clientRequestId(request.clientRequestId()), null, null, null, fork,
                pick(request), images);
    }

    /** This order for a fork whose message is known now: a regenerated reply's question, in the fork's session. */
    public ChatOrder at(Fork.Point point) {
        return new ChatOrder(point.question() != null ? point.question() : message, point.sessionId(), assistant, model,
                temperature, maxTokens, reasoningEffort, clientRequestId, conversation, topP, stop, fork, pick, images);
    }

    private static Fork fork(ChatRequest request) {
        String regenerate = blankToNull(request.regenerate());
        String edit = blankToNull(request.edit());
        if (regenerate != null && edit != null) {
            throw InvalidInput.of("edit", "send regenerate or edit, not both");
        }
        if (regenerate != null) {
            return Fork.regenerate(Text.uuid(regenerate)
                    .orElseThrow(() -> InvalidInput.of("regenerate", "regenerate must be a message id")));
        }
        if (edit != null) {
            return Fork.edit(Text.uuid(edit).orElseThrow(() -> InvalidInput.of("edit", "edit must be a message id")));
        }
        return Fork.CONTINUE;
    }

    /** This order for a model of the provider's, named directly, with the default assistant's instructions. */
    public ChatOrder withModelInsteadOfAssistant() {
        return new ChatOrder(message, sessionId, null, assistant, temperature, maxTokens, reasoningEffort,
                clientRequestId, conversation, topP, stop, fork, pick, images);
    }

    /** This order, in the session {@code id}. */
    public ChatOrder inSession(UUID id) {
        return new ChatOrder(message, id, assistant, model, temperature, maxTokens, reasoningEffort, clientRequestId,
                conversation, topP, stop, fork, pick, images);
    }

    private static Pick pick(ChatRequest request) {
        String provider = blankToNull(request.provider());
        if (provider != null && provider.length() > MAX_MODEL_NAME) {
            throw InvalidInput.of("provider", "provider names are at most " + MAX_MODEL_NAME + " characters");
        }
        String type = blankToNull(request.modelType());
        ModelType modelType = type == null ? null : ModelType.parse(type).orElseThrow(
                () -> InvalidInput.of("model_type", "model_type must be auto, local or cloud"));
        String preferred = blankToNull(request.preferredModel());
        if (preferred != null && preferred.length() > MAX_MODEL_NAME) {
            throw InvalidInput.of("preferred_model", "model names are at most " + MAX_MODEL_NAME + " characters");
        }
        return new Pick(provider, modelType, preferred);
    }

    private static String clientRequestId(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!CLIENT_REQUEST_ID.matcher(text).matches()) {
            throw InvalidInput.of("client_request_id", "client_request_id is 1-100 letters, digits or ._:-");
        }
        return text;
    }

    private static UUID sessionId(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return Text.uuid(text).orElseThrow(() -> InvalidInput.of("session_id", "session_id must be a UUID"));
    }

    private static String model(String model) {
        String name = blankToNull(model);
        if (name != null && name.length() > MAX_MODEL_NAME) {
            throw InvalidInput.of("model", "model names are at most " + MAX_MODEL_NAME + " characters");
        }
        return name;
    }

    private static Double temperature(Double temperature) {
        if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
            throw InvalidInput.of("temperature", "temperature must be between 0 and 2");
        }
        return temperature;
    }

    private static Integer maxTokens(Integer maxTokens) {
        if (maxTokens != null && maxTokens < 1) {
            throw InvalidInput.of("max_tokens", "max_tokens must be a positive number");
        }
        return maxTokens;
    }

    private static ReasoningEffort effort(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return ReasoningEffort.parse(text).orElseThrow(
                () -> InvalidInput.of("reasoning_effort", "reasoning_effort must be low, medium or high (低, 中, 高)"));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
