package dev.chatstream.models.boundary;

import dev.chatstream.models.control.Provider;
import dev.chatstream.models.control.Providers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /api/v1/models}: the providers and models a caller may name in a chat request ({@code provider},
 * {@code model}, {@code preferred_model}), with each provider's kind and whether the model takes images. Never a
 * key or an address: those are the server's.
 */
@ApplicationScoped
@Path("v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelChoicesResource {

    /** {@code any_model}: the provider takes models it does not list (the {@code default} of {@code OPENAI_*} alone). */
    public record ModelChoiceView(String provider, String model, String kind, boolean supportsImages,
                                  boolean isDefault) {
    }

    public record ModelChoices(List<ModelChoiceView> data, String defaultProvider) {
    }

    @Inject
    Providers providers;

    @GET
    public ModelChoices list() {
        Provider byDefault = providers.byDefault();
        return new ModelChoices(providers.all().stream().flatMap(provider -> provider.listedModels().stream()
                .map(model -> new ModelChoiceView(provider.name(), model, provider.kind().wire(),
                        provider.acceptsImages(model), provider == byDefault && model.equals(provider.defaultModel()))))
                .toList(), byDefault.name());
    }
}
