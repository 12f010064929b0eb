package dev.chatstream.it;

import dev.chatstream.testing.FakeUpstream;

/**
 * The fake model providers of the integration suite, each on a port the build reserved and the server was told
 * about (it.server.options): {@link #get()} serves the providers {@code default} and {@code fallback}; {@link #local()},
 * {@link #cloudA()} and {@link #cloudB()} the named providers {@code local}, {@code cloud-a} and {@code cloud-b}
 * (and {@code flaky}, on cloud-b's port). Tests script them per message with a unique marker.
 */
final class Upstream {

    private static FakeUpstream instance;
    private static final java.util.Map<String, FakeUpstream> NAMED = new java.util.HashMap<>();

    private Upstream() {
    }

    static synchronized FakeUpstream get() {
        if (instance == null) {
            instance = FakeUpstream.start(Integer.getInteger("fake.upstream.port"));
        }
        return instance;
    }

    static FakeUpstream local() {
        return named("fake.local.port");
    }

    static FakeUpstream cloudA() {
        return named("fake.cloud-a.port");
    }

    static FakeUpstream cloudB() {
        return named("fake.cloud-b.port");
    }

    private static synchronized FakeUpstream named(String portProperty) {
        return NAMED.computeIfAbsent(portProperty, key -> FakeUpstream.start(Integer.getInteger(key)));
    }
}
