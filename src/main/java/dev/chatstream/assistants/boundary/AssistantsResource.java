package dev.chatstream.assistants.boundary;

import dev.chatstream.assistants.control.AssistantCatalog;
import dev.chatstream.assistants.entity.Assistant;
import dev.chatstream.auth.control.CurrentUser;
import dev.chatstream.models.control.ModelCalls;
import dev.chatstream.models.control.Route;
import dev.chatstream.models.entity.ModelChoice;
import dev.chatstream.platform.entity.InvalidInput;
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

    /** {@code provider} and {@code model}: where a request to this assistant that asks for nothing else goes. */
    public record AssistantView(String name, String displayName, String description, String greeting, String model,
                                String provider, Double temperature, int maxHistoryMessages, int maxContextTokens, int maxReplyChars,
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

    /** The route of a request that asks for nothing; none when the assistant's model-type has no provider. */
    private Route routeOf(Assistant assistant) {
        try {
            return models.route(ModelChoice.ofAssistant(assistant.provider(), assistant.model(), assistant.modelType()));
        } catch (InvalidInput noProviderOfKind) {
            return null;
        }
    }

    private AssistantView view(Assistant assistant, boolean admin) {
        Route route = routeOf(assistant);
        return new AssistantView(assistant.name(), assistant.displayName(), assistant.description(),
                assistant.greeting(), route == null ? models.modelFor(null, assistant.model()) : route.model(),
                route == null ? null : route.provider().name(), assistant.temperature(),
                assistant.maxHistoryMessages(), assistant.maxContextTokens(), assistant.maxReplyChars(),
                admin ? assistant.systemPrompt() : null);
    }
}
