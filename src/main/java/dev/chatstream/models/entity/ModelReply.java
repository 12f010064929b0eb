package dev.chatstream.models.entity;

/** How a streamed reply ended. {@code usage} is null when the provider did not report it. */
public record ModelReply(String model, String finishReason, TokenUsage usage) {
}
