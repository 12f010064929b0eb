package dev.chatstream.it;

import dev.chatstream.testing.FakeUpstream;

/**
 * The one fake model provider of the integration suite, on the port the build reserved and the server was
 * told about. Tests script it per message with a unique marker.
 */
final class Upstream {

    private static FakeUpstream instance;

    private Upstream() {
    }

    static synchronized FakeUpstream get() {
        if (instance == null) {
            instance = FakeUpstream.start(Integer.getInteger("fake.upstream.port"));
        }
        return instance;
    }
}
