package dev.chatstream.it;

import java.net.URL;
import org.junit.jupiter.api.Assumptions;

/**
 * PLACEHOLDER for the fixture of branch {@code keycloak} (Keycloak and a chatstream server configured for
 * it), so that WebPageSsoIT compiles here: it offers only what that test uses and skips it. When merging,
 * take the keycloak branch's SsoServer and drop this file.
 */
final class SsoServer {

    private SsoServer() {
    }

    static SsoServer get() {
        Assumptions.abort("SsoServer comes with branch keycloak");
        throw new IllegalStateException();
    }

    /** The chatstream server configured for Keycloak. */
    URL url() {
        throw new UnsupportedOperationException();
    }
}
