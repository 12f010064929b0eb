package dev.chatstream.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.models.entity.ModelChoice;
import dev.chatstream.models.entity.ModelFailure;
import dev.chatstream.models.entity.ModelFailure.Code;
import dev.chatstream.models.entity.ModelMessage;
import dev.chatstream.models.entity.ModelReply;
import dev.chatstream.models.entity.ModelRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Falling back from provider to provider: when, in which order, with which model, and what the listener hears. */
class ModelCallsTest {

    private static final Map<String, String> CONFIG = Map.of(
            "chatstream.providers", "a,b,c",
            "chatstream.providers.a.models", "shared,own-a",
            "chatstream.providers.a.fallback", "b,c",
            "chatstream.providers.b.models", "own-b",
            "chatstream.providers.c.models", "own-c,shared");

    /** What each provider does when asked: open (null), or fail with this. */
    private final Map<String, RuntimeException> behaviour = new HashMap<>();
    private final List<String> tried = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private final ModelStream opened = () -> { };
    private final ModelCalls calls = new ModelCalls();

    ModelCallsTest() {
        calls.providers = Providers.of(ProviderSettings.read(key -> Optional.ofNullable(CONFIG.get(key))));
        calls.routing = new Routing();
        calls.routing.providers = calls.providers;
        calls.metrics = new ModelMetrics();
        calls.metrics.registry = new SimpleMeterRegistry();
        calls.opening = new StreamOpening() {
            @Override
            public ModelStream open(Provider provider, ModelRequest request, StreamListener listener) {
                return once(provider, request, listener);
            }

            @Override
            public ModelStream once(Provider provider, ModelRequest request, StreamListener listener) {
                tried.add(provider.name() + "/" + request.model());
                RuntimeException failure = behaviour.get(provider.name());
                if (failure != null) {
                    throw failure;
                }
                listener.onOpen();
                return opened;
            }
        };
    }

    private ModelStream open(String model) {
        Route route = calls.route(new ModelChoice("a", model, null, null, null, null, null, 1, false));
        return calls.open(route, new ModelRequest("ignored", List.of(ModelMessage.user("hi")), null, null, null),
                new StreamListener() {
                    @Override
                    public void onProviderChanged(String provider, String changedModel, ModelFailure reason) {
                        heard.add("changed:" + provider + "/" + changedModel + ":" + reason.code().wire());
                    }

                    @Override
                    public void onOpen() {
                        heard.add("open");
                    }

                    @Override
                    public void onReasoning(String text) {
                    }

                    @Override
                    public void onContent(String text) {
                    }

                    @Override
                    public void onComplete(ModelReply reply) {
                    }

                    @Override
                    public void onFailure(ModelFailure failure) {
                    }
                });
    }

    private static NotOpenYet transientFailure(Code code) {
        return new NotOpenYet(new ModelFailure(code, code.wire()));
    }

    @Test
    void theChosenProviderThatStartsIsNotAnnounced() {
        assertSame(opened, open("shared"));
        assertEquals(List.of("a/shared"), tried);
        assertEquals(List.of("open"), heard);
    }

    @Test
    void fallbacksAreTriedInOrderWithTheSameModelWhereOffered() {
        behaviour.put("a", transientFailure(Code.UPSTREAM_UNAVAILABLE));
        behaviour.put("b", transientFailure(Code.RATE_LIMITED));

        assertSame(opened, open("shared"));

        assertEquals(List.of("a/shared", "b/own-b", "c/shared"), tried);
        assertEquals(List.of("changed:c/shared:upstream_unavailable", "open"), heard,
                "only the one that started is announced, before its first chunk, with the chosen one's failure");
    }

    @Test
    void anOpenCircuitFallsBackToo() {
        behaviour.put("a", new CircuitOpen("a"));
        open("own-a");
        assertEquals(List.of("a/own-a", "b/own-b"), tried);
    }

    @Test
    void aRefusalOfTheRequestIsNotTriedElsewhere() {
        ModelFailure rejected = new ModelFailure(Code.UPSTREAM_REJECTED, "400: bad request");
        behaviour.put("a", rejected);
        assertSame(rejected, assertThrows(ModelFailure.class, () -> open("shared")));
        assertEquals(List.of("a/shared"), tried);
        assertEquals(List.of(), heard);
    }

    @Test
    void whenEveryProviderFailsTheChosenOnesFailureIsReported() {
        NotOpenYet first = transientFailure(Code.UPSTREAM_TIMEOUT);
        behaviour.put("a", first);
        behaviour.put("b", transientFailure(Code.UPSTREAM_UNAVAILABLE));
        behaviour.put("c", new CircuitOpen("c"));
        assertSame(first.failure(), assertThrows(ModelFailure.class, () -> open("shared")));
        assertEquals(3, tried.size());
        assertEquals(List.of(), heard);
    }
}
