package dev.chatstream.testing;

/** One entry of a request's {@code messages} array: its role and its text content. */
public record ChatMessage(String role, String content) {
}
