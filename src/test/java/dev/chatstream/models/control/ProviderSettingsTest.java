package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.models.entity.ProviderKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    private static List<ProviderSettings> read(String... keysAndValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ProviderSettings.read(key -> Optional.ofNullable(config.get(key)));
    }

    private static ProviderSettings named(List<ProviderSettings> all, String name) {
        return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void nothingConfiguredIsTheDemoAsDefault() {
        List<ProviderSettings> all = read();
        assertEquals(1, all.size());
        assertEquals("default", all.getFirst().name());
        assertTrue(all.getFirst().demo());
        assertTrue(all.getFirst().allows("anything"), "the demo answers every model as itself");
    }

    @Test
    void theOpenAiVariablesStillMeanTheProviderDefaultWithAnyModel() {
        List<ProviderSettings> all = read("openai.base-url", "http://localhost:11434/v1", "openai.api-key", "k",
                "openai.model", "llama3");
        assertEquals(1, all.size());
        ProviderSettings provider = all.getFirst();
        assertEquals("default", provider.name());
        assertEquals("http://localhost:11434/v1", provider.baseUrl());
        assertEquals("k", provider.apiKey());
        assertEquals("llama3", provider.defaultModel());
        assertEquals(ProviderKind.CLOUD, provider.kind());
        assertTrue(provider.allows("gpt-4o"), "as before providers had names: any model may be asked for");
        assertEquals(List.of(), provider.fallback());
    }

    @Test
    void anApiKeyAloneMeansOpenAi() {
        ProviderSettings provider = read("openai.api-key", "sk").getFirst();
        assertEquals("https://api.openai.com/v1", provider.baseUrl());
        assertEquals("gpt-4o-mini", provider.defaultModel());
    }

    @Test
    void theFallbackShorthandIsASecondProviderThatDefaultFallsBackTo() {
        List<ProviderSettings> all = read("openai.base-url", "http://a/v1", "openai.model", "main",
                "chatstream.fallback.base-url", "http://b/v1", "chatstream.fallback.api-key", "kb",
                "chatstream.fallback.model", "spare", "chatstream.fallback.first-token-timeout", "PT5S");
        assertEquals(List.of("default", "fallback"), all.stream().map(ProviderSettings::name).toList());
        assertEquals(List.of("fallback"), named(all, "default").fallback());
        ProviderSettings fallback = named(all, "fallback");
        assertEquals("http://b/v1", fallback.baseUrl());
        assertEquals("kb", fallback.apiKey());
        assertEquals("spare", fallback.defaultModel());
        assertEquals(List.of("spare"), fallback.models());
        assertFalse(fallback.allows("main"), "the fallback offers its own model only");
        assertEquals(Duration.ofSeconds(5), fallback.firstTokenTimeout());
    }

    @Test
    void theFallbackShorthandWithoutAModelUsesTheDefaultsModel() {
        List<ProviderSettings> all = read("openai.base-url", "http://a/v1", "openai.model", "main",
                "chatstream.fallback.base-url", "http://b/v1");
        assertEquals("main", named(all, "fallback").defaultModel());
        assertEquals("none", named(all, "fallback").apiKey());
    }

    @Test
    void namedProvidersAreReadInTheirOrderWithEveryKey() {
        List<ProviderSettings> all = read(
                "chatstream.providers", "local, cloud-a,cloud-b",
                "chatstream.providers.local.base-url", "http://ollama:11434/v1",
                "chatstream.providers.local.kind", "local",
                "chatstream.providers.local.models", "llama3.2, qwen2.5",
                "chatstream.providers.local.supports-images", "false",
                "chatstream.providers.cloud-a.base-url", "https://api.openai.com/v1",
                "chatstream.providers.cloud-a.api-key", "sk-a",
                "chatstream.providers.cloud-a.models", "gpt-4o,gpt-4o-mini",
                "chatstream.providers.cloud-a.default-model", "gpt-4o-mini",
                "chatstream.providers.cloud-a.supports-images", "gpt-4o",
                "chatstream.providers.cloud-a.fallback", "cloud-b",
                "chatstream.providers.cloud-a.first-token-timeout", "PT20S",
                "chatstream.providers.cloud-a.circuit.request-volume", "4",
                "chatstream.providers.cloud-a.circuit.failure-ratio", "0.5",
                "chatstream.providers.cloud-a.circuit.delay", "PT1M",
                "chatstream.providers.cloud-b.base-url", "https://api.deepseek.com/v1",
                "chatstream.providers.cloud-b.models", "deepseek-chat",
                "chatstream.model.first-token-timeout", "PT7S");
        assertEquals(List.of("local", "cloud-a", "cloud-b"), all.stream().map(ProviderSettings::name).toList());
        ProviderSettings local = named(all, "local");
        assertEquals(ProviderKind.LOCAL, local.kind());
        assertEquals("llama3.2", local.defaultModel(), "the first listed model");
        assertFalse(local.allows("gpt-4o"));
        assertFalse(local.acceptsImages("llama3.2"));
        assertEquals(Duration.ofSeconds(7), local.firstTokenTimeout(), "the global first-token timeout");
        assertEquals(new ProviderSettings.Circuit(10, 0.75, Duration.ofSeconds(15)), local.circuit());

        ProviderSettings cloud = named(all, "cloud-a");
        assertEquals(ProviderKind.CLOUD, cloud.kind(), "cloud unless said otherwise");
        assertEquals("gpt-4o-mini", cloud.defaultModel());
        assertTrue(cloud.acceptsImages("gpt-4o"));
        assertFalse(cloud.acceptsImages("gpt-4o-mini"), "supports-images may list the models that take images");
        assertEquals(List.of("cloud-b"), cloud.fallback());
        assertEquals(Duration.ofSeconds(20), cloud.firstTokenTimeout());
        assertEquals(new ProviderSettings.Circuit(4, 0.5, Duration.ofMinutes(1)), cloud.circuit());
        assertTrue(named(all, "cloud-b").acceptsImages("deepseek-chat"), "images are not refused unless configured so");
        assertTrue(all.stream().noneMatch(ProviderSettings::demo));
    }

    @Test
    void theOpenAiVariablesAddDefaultBeforeTheNamedProviders() {
        List<ProviderSettings> all = read("openai.api-key", "sk", "chatstream.providers", "local",
                "chatstream.providers.local.base-url", "http://ollama/v1", "chatstream.providers.local.models", "m");
        assertEquals(List.of("default", "local"), all.stream().map(ProviderSettings::name).toList());
    }

    @Test
    void defaultMayBeListedAndConfiguredUnderItsOwnKeys() {
        List<ProviderSettings> all = read("chatstream.providers", "local,default",
                "chatstream.providers.local.models", "m",
                "chatstream.providers.default.base-url", "http://x/v1",
                "chatstream.providers.default.models", "a,b",
                "openai.api-key", "legacy-key");
        assertEquals(List.of("local", "default"), all.stream().map(ProviderSettings::name).toList());
        ProviderSettings provider = named(all, "default");
        assertEquals("http://x/v1", provider.baseUrl());
        assertEquals("legacy-key", provider.apiKey(), "missing keys of default come from OPENAI_*");
        assertFalse(provider.allows("c"), "listed models close the default provider too");
    }

    @Test
    void aNamedProviderWithoutModelsOffersItsDefaultModelOnly() {
        ProviderSettings provider = read("chatstream.providers", "p", "chatstream.providers.p.default-model", "m")
                .getFirst();
        assertTrue(provider.allows("m"));
        assertFalse(provider.allows("n"));
    }

    @Test
    void refusesWhatCannotWork() {
        assertThrows(IllegalStateException.class, () -> read("chatstream.providers", "p"), "no model");
        assertThrows(IllegalStateException.class, () -> read("chatstream.providers", "Bad_Name",
                "chatstream.providers.Bad_Name.models", "m"));
        assertThrows(IllegalStateException.class, () -> read("chatstream.providers", "p",
                "chatstream.providers.p.models", "m", "chatstream.providers.p.kind", "edge"));
        assertThrows(IllegalStateException.class, () -> read("chatstream.providers", "p",
                "chatstream.providers.p.models", "m", "chatstream.providers.p.fallback", "q"), "unknown fallback");
        assertThrows(IllegalStateException.class, () -> read("chatstream.providers", "p",
                "chatstream.providers.p.models", "m", "chatstream.providers.p.fallback", "p"), "itself");
        assertThrows(IllegalStateException.class, () -> read("chatstream.providers", "p",
                "chatstream.providers.p.models", "m", "chatstream.providers.p.default-model", "n"));
        assertThrows(IllegalStateException.class, () -> read("chatstream.providers", "p",
                "chatstream.providers.p.models", "m", "chatstream.providers.p.first-token-timeout", "soon"));
        assertThrows(IllegalStateException.class, () -> read("chatstream.providers", "p",
                "chatstream.providers.p.models", "m", "chatstream.providers.p.circuit.failure-ratio", "2"));
    }
}
