package dev.chatstream.assistants.boundary;

import dev.chatstream.assistants.control.AssistantCatalog;
import dev.chatstream.assistants.entity.Assistant;
import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.models.control.ModelCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/v1/assistants}: who can answer. System prompts only for admins. */
@ApplicationScoped
@Path("v1/assistants")
@Produces(MediaType.APPLICATION_JSON)
public class AssistantsResource {

    public record AssistantView(String name, String displayName, String description, String greeting, String model,
                                Double temperature, int maxHistoryMessages, int maxContextTokens, int maxReplyChars,
                                String systemPrompt) {
    }

    public record AssistantList(List<AssistantView> data, String defaultAssistant) {
    }

    @Inject
    AssistantCatalog assistants;

    @Inject
    ModelCalls models;

    @Inject
    CurrentUser user;

    @GET
    public AssistantList list() {
        boolean admin = user.isAdmin();
        return new AssistantList(assistants.all().stream().map(assistant -> view(assistant, admin)).toList(),
                assistants.byDefault().name());
    }

    private AssistantView view(Assistant assistant, boolean admin) {
        return new AssistantView(assistant.name(), assistant.displayName(), assistant.description(),
                assistant.greeting(), models.modelFor(assistant.provider(), assistant.model()), assistant.temperature(),
                assistant.maxHistoryMessages(), assistant.maxContextTokens(), assistant.maxReplyChars(),
                admin ? assistant.systemPrompt() : null);
    }
}
