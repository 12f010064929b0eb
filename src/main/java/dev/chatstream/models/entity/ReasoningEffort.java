package dev.chatstream.models.entity;

import java.util.Optional;

/** How hard a reasoning model should think; accepted in English and Chinese. */
public enum ReasoningEffort {
    LOW("low", "低"), MEDIUM("medium", "中"), HIGH("high", "高");

    private final String wire;
    private final String chinese;

    ReasoningEffort(String wire, String chinese) {
        this.wire = wire;
        this.chinese = chinese;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ReasoningEffort> parse(String text) {
        for (ReasoningEffort effort : values()) {
            if (effort.wire.equalsIgnoreCase(text.trim()) || effort.chinese.equals(text.trim())) {
                return Optional.of(effort);
            }
        }
        return Optional.empty();
    }
}
