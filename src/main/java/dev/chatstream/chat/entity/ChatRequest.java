package dev.chatstream.chat.entity;

import java.util.List;

/**
 * The body of {@code POST /api/v1/chat/stream}, as sent (snake_case on the wire). Unchecked: see
 * {@link ChatOrder#from}.
 */
public record ChatRequest(
        String message,
        String sessionId,
        String assistant,
        String model,
        Double temperature,
        Integer maxTokens,
        String reasoningEffort,
        String clientRequestId,
        String regenerate,
        String edit,
        String provider,
        String modelType,
        String preferredModel,
        List<String> images,
        String imageData,
        String imageType) {
}
