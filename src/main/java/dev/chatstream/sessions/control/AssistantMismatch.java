package dev.chatstream.sessions.control;

/** A message for an existing session named another assistant than the session's own. */
public class AssistantMismatch extends RuntimeException {

    private final String sessionAssistant;

    public AssistantMismatch(String sessionAssistant) {
        super("This session belongs to the assistant '" + sessionAssistant + "'");
        this.sessionAssistant = sessionAssistant;
    }

    public String sessionAssistant() {
        return sessionAssistant;
    }
}
