package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.models.entity.ModelChoice;
import dev.chatstream.models.entity.ModelType;
import dev.chatstream.platform.entity.InvalidInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTest {

    /** One local and two clouds; cloud-a falls back to cloud-b. */
    private static final Map<String, String> THREE = Map.of(
            "chatstream.providers", "local,cloud-a,cloud-b",
            "chatstream.providers.local.kind", "local",
            "chatstream.providers.local.models", "llama,qwen",
            "chatstream.providers.cloud-a.models", "big,small",
            "chatstream.providers.cloud-a.fallback", "cloud-b",
            "chatstream.providers.cloud-a.circuit.request-volume", "1",
            "chatstream.providers.cloud-b.models", "other,small");

    private static Routing routing(Map<String, String> config) {
        Routing routing = new Routing();
        routing.providers = Providers.of(ProviderSettings.read(key -> Optional.ofNullable(config.get(key))));
        routing.cloudAboveTokens = 100;
        return routing;
    }

    private final Routing three = routing(THREE);

    private static ModelChoice ask(String provider, String model, ModelType type, String preferred) {
        return new ModelChoice(provider, model, type, preferred, null, null, null, 10, false);
    }

    private static String where(Route route) {
        return route.provider().name() + "/" + route.model();
    }

    private static void refused(String code, String field, Runnable call) {
        InvalidInput refusal = assertThrows(InvalidInput.class, call::run);
        assertEquals(code, refusal.code());
        assertEquals(field, refusal.field());
    }

    @Test
    void aNamedProviderAndModel() {
        assertEquals("cloud-b/other", where(three.route(ask("cloud-b", "other", null, null))));
        assertEquals("cloud-b/other", where(three.route(ask("cloud-b", null, null, null))), "its default model");
        assertEquals("cloud-a/small", where(three.route(ask("cloud-a", null, null, "small"))), "the preferred model");
        assertEquals("cloud-a/big", where(three.route(ask("cloud-a", null, null, "llama"))),
                "a preferred model the provider does not offer is only a wish");
    }

    @Test
    void aNamedModelFindsTheProviderThatOffersIt() {
        assertEquals("local/qwen", where(three.route(ask(null, "qwen", null, null))));
        assertEquals("cloud-a/small", where(three.route(ask(null, "small", null, null))), "the first that offers it");
        assertEquals("cloud-b/other", where(three.route(ask(null, "other", ModelType.CLOUD, null))));
    }

    @Test
    void guardRails() {
        refused("unknown_provider", "provider", () -> three.route(ask("http://evil.example/v1", null, null, null)));
        refused("model_not_allowed", "model", () -> three.route(ask("cloud-a", "o1-pro", null, null)));
        refused("model_not_allowed", "model", () -> three.route(ask(null, "o1-pro", null, null)));
        refused("model_not_allowed", "model", () -> three.route(ask(null, "big", ModelType.LOCAL, null)));
        refused("invalid_request", "model_type", () -> three.route(ask("local", null, ModelType.CLOUD, null)));
        Routing onlyCloud = routing(Map.of("openai.api-key", "sk"));
        refused("no_provider_of_kind", "model_type", () -> onlyCloud.route(ask(null, null, ModelType.LOCAL, null)));
    }

    @Test
    void localAndCloudPickAProviderOfThatKind() {
        assertEquals("local/llama", where(three.route(ask(null, null, ModelType.LOCAL, null))));
        assertEquals("cloud-a/big", where(three.route(ask(null, null, ModelType.CLOUD, null))));
        assertEquals("cloud-b/other", where(three.route(ask(null, null, ModelType.CLOUD, "other"))),
                "the preferred model is tried first, on the provider that offers it");
        assertEquals("local/qwen", where(three.route(ask(null, null, ModelType.LOCAL, "qwen"))));
        assertEquals("local/llama", where(three.route(ask(null, null, ModelType.LOCAL, "big"))),
                "not offered by a local provider: only a wish");
    }

    @Test
    void autoGoesToTheCloudForLongPromptsImagesOrTheAssistantsSetting() {
        assertEquals("local/llama", where(three.route(new ModelChoice(null, null, ModelType.AUTO, null, null, null, null,
                100, false))), "a short prompt stays local");
        assertEquals("cloud-a/big", where(three.route(new ModelChoice(null, null, ModelType.AUTO, null, null, null, null,
                101, false))), "over chatstream.routing.cloud-above-tokens");
        assertEquals("cloud-a/big", where(three.route(new ModelChoice(null, null, ModelType.AUTO, null, null, null, null,
                1, true))), "an image");
        assertEquals("cloud-a/big", where(three.route(new ModelChoice(null, null, ModelType.AUTO, null, null, null,
                ModelType.CLOUD, 1, false))), "the assistant's model-type");
        assertEquals("cloud-b/small", where(three.route(new ModelChoice(null, null, ModelType.AUTO, null, "cloud-b",
                "small", null, 1, false))), "the assistant's provider and model");
        assertEquals("cloud-b/other", where(three.route(new ModelChoice(null, null, ModelType.AUTO, "other", null, null,
                null, 101, false))), "the preferred model among the clouds");
    }

    @Test
    void autoAlwaysResolvesWithOnlyTheDefaultProvider() {
        Routing one = routing(Map.of("openai.base-url", "http://x/v1", "openai.model", "m"));
        assertEquals("default/m", where(one.route(new ModelChoice(null, null, ModelType.AUTO, null, null, null, null,
                1, false))));
        assertEquals("default/m", where(one.route(new ModelChoice(null, null, ModelType.AUTO, null, null, null, null,
                100_000, true))));
        assertEquals("default/any", where(one.route(ask(null, "any", null, null))), "default's models stay open");
        Routing demo = routing(Map.of());
        assertEquals("default/demo", where(demo.route(ask(null, "gpt-4o", ModelType.AUTO, "x"))));
    }

    @Test
    void withoutModelTypeTheAssistantOrTheDefaultProviderAnswersAsBefore() {
        Map<String, String> config = new HashMap<>(THREE);
        config.put("openai.api-key", "sk");
        config.put("openai.model", "main");
        Routing routing = routing(config);
        assertEquals("default/main", where(routing.route(ask(null, null, null, null))));
        assertEquals("default/teacher-model", where(routing.route(ModelChoice.ofAssistant(null, "teacher-model", null))),
                "the assistant's model, as before");
        assertEquals("cloud-b/small", where(routing.route(ModelChoice.ofAssistant("cloud-b", "small", null))));
        assertEquals("local/llama", where(routing.route(ModelChoice.ofAssistant(null, null, ModelType.LOCAL))));
    }

    @Test
    void theFallbacksComeWithTheRouteAndKeepTheModelWhereOffered() {
        Route route = three.route(ask("cloud-a", "small", null, null));
        assertEquals(List.of("cloud-b"), route.fallbacks().stream().map(Provider::name).toList());
        assertEquals("small", route.modelOn(route.fallbacks().getFirst()));
        Route big = three.route(ask("cloud-a", "big", null, null));
        assertEquals("other", big.modelOn(big.fallbacks().getFirst()), "not offered there: its default model");
        assertEquals(List.of(), three.route(ask("local", null, null, null)).fallbacks());
    }

    @Test
    void aProviderWithAnOpenCircuitIsChosenLast() {
        Provider cloudA = three.providers.find("cloud-a").orElseThrow();
        cloudA.circuit().tryAcquire();
        cloudA.circuit().failed();
        assertEquals("cloud-b/other", where(three.route(ask(null, null, ModelType.CLOUD, null))));
        assertEquals("cloud-a/big", where(three.route(ask("cloud-a", null, null, null))),
                "asked for by name, it is still chosen: its fallbacks take over");
    }
}
