package dev.chatstream.sessions.entity;

/** Where a message is in its life. Only an assistant reply is ever anything but COMPLETE. */
public enum MessageStatus {
    /** Being generated right now. */
    STREAMING,
    /** Fully received from the model. */
    COMPLETE,
    /** The model failed midway; the text is what arrived before. */
    INCOMPLETE,
    /** The model failed before any text arrived. */
    FAILED,
    /** Stopped on request; the text is what arrived before. */
    CANCELLED,
    /** The server stopped while it was being generated. */
    INTERRUPTED;

    public String wire() {
        return name().toLowerCase();
    }
}
