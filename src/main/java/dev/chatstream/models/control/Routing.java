package dev.chatstream.models.control;

import dev.chatstream.models.entity.ModelChoice;
import dev.chatstream.models.entity.ModelType;
import dev.chatstream.models.entity.ProviderKind;
import dev.chatstream.platform.entity.InvalidInput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the provider and model of a reply (docs/configuration.md, "Routing"), and refuses what may not be asked
 * for: a provider that is not configured ({@code unknown_provider}), a model the provider does not list
 * ({@code model_not_allowed}), a kind no provider has ({@code no_provider_of_kind}). Among equals, a provider whose
 * circuit is open comes last.
 */
@ApplicationScoped
public class Routing {

    @Inject
    Providers providers;

    /** {@code auto} goes to a cloud provider for a prompt of more tokens than this. */
    @Inject
    @ConfigProperty(name = "chatstream.routing.cloud-above-tokens", defaultValue = "2000")
    int cloudAboveTokens;

    public Route route(ModelChoice choice) {
        Provider provider;
        String model;
        if (choice.provider() != null) {
            provider = providers.find(choice.provider()).orElseThrow(() -> InvalidInput.coded("unknown_provider",
                    "provider", "No provider '" + choice.provider() + "' is configured"));
            Optional<ProviderKind> kind = choice.modelType() == null ? Optional.empty() : choice.modelType().kind();
            if (kind.isPresent() && kind.get() != provider.kind()) {
                throw InvalidInput.of("model_type", "The provider '" + provider.name() + "' is "
                        + provider.kind().wire() + ", not " + kind.get().wire());
            }
            model = choice.model() != null ? allowedOn(provider, choice.model())
                    : firstAllowed(provider, choice.preferredModel(), choice.assistantModel());
        } else if (choice.model() != null) {
            provider = ordered(candidates(choice.modelType())).stream().filter(p -> p.allows(choice.model()))
                    .min(Comparator.comparing((Provider p) -> !p.listedModels().contains(choice.model())))
                    .orElseThrow(() -> InvalidInput.coded("model_not_allowed", "model", "The model '" + choice.model()
                            + "' is not offered" + (choice.modelType() == null || choice.modelType() == ModelType.AUTO
                            ? "" : " by a " + choice.modelType().wire() + " provider")));
            model = provider.modelFor(choice.model());
        } else {
            provider = byRule(choice);
            model = firstAllowed(provider, choice.preferredModel(), choice.assistantModel());
        }
        return new Route(provider, model, providers.fallbacksOf(provider));
    }

    /** With neither provider nor model asked for. */
    private Provider byRule(ModelChoice choice) {
        ModelType type = choice.modelType();
        if (type == null) {
            Optional<Provider> assistants = providers.find(choice.assistantProvider());
            if (assistants.isPresent()) {
                return assistants.get();
            }
            if (choice.assistantModelType() == null) {
                return preferred(List.of(providers.byDefault()), choice).orElse(providers.byDefault());
            }
            type = choice.assistantModelType();
        }
        List<Provider> candidates;
        if (type == ModelType.AUTO) {
            Optional<Provider> assistants = providers.find(choice.assistantProvider());
            if (assistants.isPresent()) {
                return assistants.get();
            }
            List<Provider> wanted = providers.all().stream().filter(p -> p.kind() == autoKind(choice)).toList();
            candidates = ordered(wanted.isEmpty() ? providers.all() : wanted);
        } else {
            candidates = ordered(candidates(type));
        }
        return preferred(candidates, choice)
                .or(() -> candidates.stream().filter(p -> p.name().equals(choice.assistantProvider())).findFirst())
                .orElse(candidates.getFirst());
    }

    /**
     * The rule of {@code auto}: cloud for images, for a prompt over {@code chatstream.routing.cloud-above-tokens},
     * or for an assistant whose {@code model-type} is cloud; otherwise local.
     */
    ProviderKind autoKind(ModelChoice choice) {
        return choice.images() || choice.promptTokens() > cloudAboveTokens
                || choice.assistantModelType() == ModelType.CLOUD ? ProviderKind.CLOUD : ProviderKind.LOCAL;
    }

    /** The first of {@code candidates} that lists the preferred model (or takes any), if one was preferred. */
    private static Optional<Provider> preferred(List<Provider> candidates, ModelChoice choice) {
        if (choice.preferredModel() == null) {
            return Optional.empty();
        }
        return candidates.stream().filter(p -> p.listedModels().contains(choice.preferredModel())).findFirst()
                .or(() -> candidates.stream().filter(p -> p.allows(choice.preferredModel())).findFirst());
    }

    /** Providers of {@code type}'s kind, all for {@code auto} or none asked; refused when there is none. */
    private List<Provider> candidates(ModelType type) {
        Optional<ProviderKind> kind = type == null ? Optional.empty() : type.kind();
        if (kind.isEmpty()) {
            return providers.all();
        }
        List<Provider> ofKind = providers.all().stream().filter(p -> p.kind() == kind.get()).toList();
        if (ofKind.isEmpty()) {
            throw InvalidInput.coded("no_provider_of_kind", "model_type",
                    "No " + kind.get().wire() + " provider is configured");
        }
        return ofKind;
    }

    /** The configuration's order, with the providers whose circuit is open last. */
    private static List<Provider> ordered(List<Provider> candidates) {
        return candidates.stream().sorted(Comparator.comparing(p -> p.circuit().isOpen())).toList();
    }

    private static String allowedOn(Provider provider, String model) {
        if (!provider.allows(model)) {
            throw InvalidInput.coded("model_not_allowed", "model",
                    "The provider '" + provider.name() + "' does not offer the model '" + model + "'");
        }
        return provider.modelFor(model);
    }

    /** The first of {@code wishes} (nulls skipped) the provider offers, else its default model. */
    private static String firstAllowed(Provider provider, String... wishes) {
        for (String wish : wishes) {
            if (wish != null && provider.allows(wish)) {
                return provider.modelFor(wish);
            }
        }
        return provider.defaultModel();
    }
}
