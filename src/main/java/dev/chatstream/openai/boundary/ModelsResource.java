package dev.chatstream.openai.boundary;

import dev.chatstream.assistants.control.AssistantCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/**
 * {@code GET /openai/v1/models} and {@code /models/{id}}: the assistants a caller may talk to (owned by
 * {@code chatstream}) and the provider's models it may name directly (owned by {@code provider}), as OpenAI lists
 * models. The id is what {@code model} of a completion names.
 */
@ApplicationScoped
@Path("v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private static final JsonProvider JSON = JsonProvider.provider(); // looked up once: the lookup scans the class path

    /** When this server started: the assistants are configuration, their "creation" is the start. */
    private final long created = Instant.now().getEpochSecond();

    @Inject
    AssistantCatalog assistants;

    @Inject
    ProviderModels providerModels;

    @GET
    public String list() {
        JsonArrayBuilder data = JSON.createArrayBuilder();
        assistants.all().forEach(assistant -> data.add(model(assistant.name(), "chatstream")));
        providerModels.allowed().forEach(name -> data.add(model(name, "provider")));
        return JSON.createObjectBuilder().add("object", "list").add("data", data).build().toString();
    }

    @GET
    @Path("{id}")
    public String one(@PathParam("id") String id) {
        if (assistants.find(id).isPresent()) {
            return model(id, "chatstream").build().toString();
        }
        if (providerModels.allowed().contains(id)) {
            return model(id, "provider").build().toString();
        }
        throw new ModelNotFound(id);
    }

    private JsonObjectBuilder model(String id, String ownedBy) {
        return JSON.createObjectBuilder().add("id", id).add("object", "model").add("created", created)
                .add("owned_by", ownedBy);
    }
}
