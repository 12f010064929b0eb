package dev.chatstream.it;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.Extension;

/**
 * The application server a run of the integration suite tests ({@code it.server}): Payara Micro through
 * Arquillian by default; WildFly or Open Liberty started once per run by their own start scripts
 * ({@code server-config/<server>/start.sh}, from {@code it.server.home}), as the same WAR on the same database
 * settings, and shared by every test class of the run.
 */
final class TargetServer {

    private static final String NAME = System.getProperty("it.server", "payara");
    private static ServerProcess started;
    private static RuntimeException failedToStart;
    private static int managementPort;

    private TargetServer() {
    }

    static boolean arquillian() {
        return NAME.equals("payara");
    }

    /** What runs the server for a test class: Arquillian for Payara Micro, nothing for a scripted server. */
    static Extension extension() {
        return arquillian() ? new ArquillianExtension() : new Extension() {
        };
    }

    /** The application's address: Arquillian's deployment, or the scripted server, started on first use. */
    static URL url(URL arquillianBase) {
        return arquillian() ? loopback(arquillianBase) : scripted().url();
    }

    /**
     * The same server reached over loopback, as a client on the server's own machine: Arquillian names the machine's
     * network address, and the embedded default gives dev tokens to local callers only.
     */
    static URL loopback(URL url) {
        try {
            return URI.create(url.getProtocol() + "://127.0.0.1:" + url.getPort() + url.getFile()).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Where MicroProfile Health answers: with the application on Payara Micro and Open Liberty, on the
     * management interface on WildFly (docs/deployment.md).
     */
    static URI health(URL arquillianBase) {
        if (NAME.equals("wildfly")) {
            scripted();
            return URI.create("http://127.0.0.1:" + managementPort + "/");
        }
        return URI.create(url(arquillianBase).toString());
    }

    /** The log of the scripted server (its whole output), none for Payara Micro under Arquillian. */
    static Optional<Path> logFile() {
        return arquillian() ? Optional.empty() : Optional.of(scripted().log());
    }

    /** The scripted server, started by the first test that needs it; a server that did not start fails them all. */
    private static synchronized ServerProcess scripted() {
        if (failedToStart != null) {
            throw failedToStart;
        }
        if (started == null) {
            ServerProcess server = null;
            try {
                Path dir = Files.createDirectories(Path.of(System.getProperty("it.data.dir"), NAME + "-" + System.getProperty("arquillian.launch")));
                managementPort = ServerProcess.freePort();
                List<String> options = new ArrayList<>(List.of(
                        "-Dchatstream.db.url=" + System.getProperty("it.db.url"),
                        "-Dchatstream.db.user=" + System.getProperty("it.db.user"),
                        "-Dchatstream.db.password=" + System.getProperty("it.db.password", "")));
                String schema = System.getProperty("it.db.schema", "");
                if (!schema.isEmpty()) {
                    options.add("-Dchatstream.db.schema=" + schema);
                }
                server = ServerProcess.script(NAME, Path.of(System.getProperty("it.server.home")),
                        dir.resolve("server"), ServerProcess.freePort(), dir.resolve("server.log"), options,
                        Map.of("CHATSTREAM_MANAGEMENT_PORT", Integer.toString(managementPort)));
                ServerProcess toStop = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(toStop)));
                started = server.awaitReady();
            } catch (IOException | InterruptedException | AssertionError e) {
                failedToStart = new IllegalStateException(NAME + " did not start", e);
                stopQuietly(server);
                throw failedToStart;
            }
        }
        return started;
    }

    private static void stopQuietly(ServerProcess server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
