package dev.chatstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A Jakarta EE server the same WAR runs on, and how the benchmark starts it: with the server's own start script
 * and that script's defaults (JVM options, carriers), from the home bench/run.sh provides, in a server
 * directory of the benchmark's (WildFly, Open Liberty). Each server's log records of level warning and error
 * are recognised in its console output, which the benchmark keeps.
 */
enum AppServer {
    PAYARA("Payara Micro", "server-config/start.sh", payaraRecord("WARNING"), payaraRecord("SEVERE")),
    WILDFLY("WildFly", "server-config/wildfly/start.sh", " WARN +\\[", " ERROR +\\["),
    // server.xml's consoleFormat SIMPLE: "[date] thread logger W message"
    LIBERTY("Open Liberty", "server-config/liberty/start.sh", "^\\[[^]]*] \\S+ +\\S+ +W ", "^\\[[^]]*] \\S+ +\\S+ +E ");

    private final String title;
    private final String script;
    private final Pattern warning;
    private final Pattern error;

    AppServer(String title, String script, String warning, String error) {
        this.title = title;
        this.script = script;
        this.warning = Pattern.compile(warning);
        this.error = Pattern.compile(error);
    }

    /** A Payara log record of a level (the level may be coloured). */
    private static String payaraRecord(String level) {
        return "^\\[[^]]*] \\[[^]]*] \\[(?:\u001b\\[[0-9;]*m)?" + level + "\\b";
    }

    /** {@code payara,wildfly,liberty} (any order, any of them). */
    static List<AppServer> parse(String names) {
        return Arrays.stream(names.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .map(name -> valueOf(name.toUpperCase(Locale.ROOT))).toList();
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String title() {
        return title;
    }

    Pattern warning() {
        return warning;
    }

    Pattern error() {
        return error;
    }

    /** The start script with its two arguments: the server (payara-micro.jar or a home directory) and the WAR. */
    List<String> command(Options options) {
        Path server = switch (this) {
            case PAYARA -> options.micro();
            case WILDFLY -> required(options.wildflyHome(), "--wildfly-home");
            case LIBERTY -> required(options.libertyHome(), "--liberty-home");
        };
        return List.of("bash", options.repo().resolve(script).toString(), server.toString(), options.war().toString());
    }

    /**
     * What the start script needs besides chatstream's settings: Payara the prepared runtime (empty: start from
     * payara-micro.jar), WildFly and Open Liberty their {@link #serverDir}, WildFly a free management port.
     */
    Map<String, String> environment(Options options) throws IOException {
        return switch (this) {
            case PAYARA -> Map.of("CHATSTREAM_RUNTIME_DIR", options.runtimeDir() == null ? "" : options.runtimeDir().toString());
            case WILDFLY -> Map.of("CHATSTREAM_SERVER_DIR", serverDir(options).toString(),
                    "CHATSTREAM_MANAGEMENT_PORT", Integer.toString(Bench.freePort()));
            case LIBERTY -> Map.of("CHATSTREAM_SERVER_DIR", serverDir(options).toString());
        };
    }

    /** The server's own directory (WildFly, Open Liberty): configuration, logs, work area. */
    Path serverDir(Options options) {
        return options.out().resolve("server-" + id());
    }

    /** How this run starts it, for the report. */
    String startedFrom(Options options) {
        return switch (this) {
            case PAYARA -> options.runtimeDir() == null ? "payara-micro.jar"
                    : "a runtime prepared by server-config/prepare-runtime.sh (AOT cache)";
            case WILDFLY -> options.wildflyHome().getFileName().toString();
            case LIBERTY -> "Open Liberty " + libertyVersion(options.libertyHome());
        };
    }

    private static String libertyVersion(Path home) {
        Properties version = new Properties();
        try (var in = Files.newInputStream(home.resolve("lib/versions/openliberty.properties"))) {
            version.load(in);
        } catch (IOException e) {
            return "(version unknown)";
        }
        return version.getProperty("com.ibm.websphere.productVersion", "(version unknown)");
    }

    private Path required(Path home, String option) {
        if (home == null) {
            throw new IllegalArgumentException(title + " needs its home directory: " + option + " (bench/run.sh passes it)");
        }
        return home;
    }
}
