package dev.chatstream.openai.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The provider's models a client of the OpenAI-compatible API may name directly, besides the assistants
 * ({@code chatstream.openai.models}; none by default). Such a call gets the default assistant's instructions and
 * budget, with that model.
 */
@ApplicationScoped
public class ProviderModels {

    @Inject
    @ConfigProperty(name = "chatstream.openai.models")
    Optional<String> configured;

    public List<String> allowed() {
        return configured.map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .toList()).orElse(List.of());
    }
}
