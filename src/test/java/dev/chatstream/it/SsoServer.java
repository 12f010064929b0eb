package dev.chatstream.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * chatstream with single sign-on, for the tests named {@code *SsoIT}: the suite's {@link Keycloak} and one
 * chatstream on Payara Micro of its own, started once per test JVM and stopped when it exits. The server is
 * configured as an operator would for Keycloak, with system properties only: the standard MP-JWT keys
 * (issuer, the realm's JWKS, audience {@code chatstream}) and the chat page's OpenID Connect settings
 * (authority, client id); H2 in a data folder of its own, {@code target/sso-data}, fresh at every start.
 */
final class SsoServer {

    static final String REALM = "chatstream";
    static final String AUDIENCE = "chatstream";

    private static SsoServer instance;

    private final Keycloak keycloak;
    private final ServerProcess server;

    private SsoServer(Keycloak keycloak, ServerProcess server) {
        this.keycloak = keycloak;
        this.server = server;
    }

    /** Keycloak and the server, started by the first caller. */
    static synchronized SsoServer get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ServerProcess started = instance.server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sso-server-stop"));
        }
        return instance;
    }

    private static SsoServer start() throws IOException, InterruptedException {
        // the server boots while Keycloak starts: it fetches the realm's keys at the first token, not at boot
        Keycloak keycloak = Keycloak.starting();
        Path data = Path.of("target", "sso-data").toAbsolutePath();
        TestFiles.deleteTree(data);
        Files.createDirectories(data);
        String issuer = keycloak.issuer(REALM);
        List<String> options = List.of(
                "-Dmp.jwt.verify.issuer=" + issuer,
                "-Dmp.jwt.verify.publickey.location=" + keycloak.jwksUrl(REALM),
                "-Dmp.jwt.verify.audiences=" + AUDIENCE,
                "-Dchatstream.web.oidc.authority=" + issuer,
                "-Dchatstream.web.oidc.client-id=" + Keycloak.CLIENT_ID,
                "-Dchatstream.data-dir=" + data);
        int port = ServerProcess.freePort();
        ServerProcess server = ServerProcess.launch("sso", port, Path.of("target", "sso-server.log").toAbsolutePath(), options);
        keycloak.awaitReady();
        // the page calls Keycloak's token endpoint from its own origin (see Keycloak.allowWebOrigin)
        keycloak.allowWebOrigin(REALM, "http://127.0.0.1:" + port);
        keycloak.allowWebOrigin(REALM, "http://localhost:" + port);
        return new SsoServer(keycloak, server.awaitReady());
    }

    URL url() {
        return server.url();
    }

    Api api() {
        return server.api();
    }

    Keycloak keycloak() {
        return keycloak;
    }

    /** An access token of the chatstream realm's {@code user} (password {@code <user>-password}). */
    String token(String user) {
        return keycloak.passwordToken(REALM, user, user + "-password");
    }
}
