package dev.chatstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak for the integration tests, started once per test JVM ({@link #get()}) and stopped when the
 * JVM exits: the distribution that the build unpacks into {@code target/servers} ({@code it.keycloak.home}),
 * run as {@code kc.sh start-dev --import-realm} on a free loopback port with the realms of
 * {@code src/test/resources/keycloak/}: {@code chatstream} (client {@code chatstream-web}; alice, carol in
 * group and role {@code admin}, dave with the role only) and {@code other} (the same client; mallory).
 * Its data (an H2 file database, the imported realms) is made afresh at every start; its output goes to
 * {@code target/keycloak/keycloak.log}.
 *
 * <p>Start time: a fresh distribution (as in every CI run) first re-augments itself for dev mode, a Quarkus
 * build of 6 to 14 s here, and then boots in 10 to 20 s; {@code start --optimized} would skip the build but
 * refuses a distribution never built. The options in {@link #startOptions()} and {@link #javaOptions()}
 * measurably shortened both; an in-memory H2 ({@code --db=dev-mem}) did not.
 */
final class Keycloak {

    static final String CLIENT_ID = "chatstream-web";
    private static final String ADMIN = "admin";
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Path DIR = Path.of("target", "keycloak").toAbsolutePath();

    private static Keycloak instance;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String adminPassword;
    private final int port;
    private final Path log;
    private final Process process;
    private final Instant launched;
    private Duration startTime;

    private Keycloak(String adminPassword, int port, Path log, Process process, Instant launched) {
        this.adminPassword = adminPassword;
        this.port = port;
        this.log = log;
        this.process = process;
        this.launched = launched;
    }

    /** The suite's Keycloak, ready: started by the first caller, stopped when the test JVM exits. */
    static Keycloak get() {
        Keycloak keycloak = starting();
        keycloak.awaitReady();
        return keycloak;
    }

    /**
     * The suite's Keycloak, perhaps still starting: its URLs are known, its realms not yet served until
     * {@link #awaitReady()}. Lets a test start a server configured for Keycloak while Keycloak starts.
     */
    static synchronized Keycloak starting() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Keycloak started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "keycloak-stop"));
        }
        return instance;
    }

    private static Keycloak start() throws IOException {
        String homeProperty = System.getProperty("it.keycloak.home");
        if (homeProperty == null || !Files.isExecutable(Path.of(homeProperty, "bin", "kc.sh"))) {
            throw new IllegalStateException("no Keycloak at it.keycloak.home=" + homeProperty
                    + " (the build unpacks it into target/servers in pre-integration-test)");
        }
        Path home = Path.of(homeProperty).toAbsolutePath();
        String javaHome = System.getProperty("it.keycloak.java-home", System.getProperty("java.home"));

        // a clean import: Keycloak keeps its database and its import folder under <home>/data
        Path data = home.resolve("data");
        TestFiles.deleteTree(data);
        Path imports = Files.createDirectories(data.resolve("import"));
        Path realms = Path.of("src", "test", "resources", "keycloak").toAbsolutePath();
        try (Stream<Path> files = Files.list(realms)) {
            for (Path realm : files.filter(f -> f.toString().endsWith("-realm.json")).toList()) {
                Files.copy(realm, imports.resolve(realm.getFileName()));
            }
        }
        Files.createDirectories(DIR);
        Path log = DIR.resolve("keycloak.log");

        int port = ServerProcess.freePort();
        String adminPassword = UUID.randomUUID().toString();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("kc.sh").toString(),
                "start-dev", "--import-realm",
                "--http-host=127.0.0.1", "--http-port=" + port,
                // the management interface (health, metrics) is off in dev mode, but never on a taken port
                "--http-management-port=" + ServerProcess.freePort()));
        command.addAll(startOptions());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", javaHome);
        environment.remove("JAVA_OPTS");
        environment.put("JAVA_OPTS_APPEND", String.join(" ", javaOptions()));
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);

        Instant started = Instant.now();
        Process process = builder.start();
        return new Keycloak(adminPassword, port, log, process, started);
    }

    /**
     * Keycloak's features that no test uses, off: fewer extensions to build and start (measured with the
     * JVM option below: 15 to 21 s to the realms served instead of 23.5; dev mode's defaults are already
     * local caches, no health and no metrics). The admin REST API, the login pages and OpenID Connect stay.
     */
    private static List<String> startOptions() {
        return List.of("--features-disabled=admin,account,organization,kerberos,ciba,par,device-flow,impersonation,"
                + "opentelemetry,client-policies,step-up-authentication,passkeys,token-exchange,recovery-codes,"
                + "rolling-updates,dpop,docker");
    }

    /**
     * JVM options for Keycloak (both its JVMs: the dev-mode re-augmentation and the server), after kc.sh's
     * own: the C1 compiler only, for a short-lived server that is mostly starting (measured: 23.5 s to the
     * realms served instead of 32 to 39, and a third less CPU). On Java 24 and later, jboss-threads needs
     * java.lang opened, or Keycloak's executor threads fail with an IllegalAccessError as it stops.
     */
    private static List<String> javaOptions() {
        return List.of("-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.lang=ALL-UNNAMED");
    }

    /** Returns once both realms are served (at once if they were before); fails if not within 180 s. */
    synchronized Keycloak awaitReady() {
        if (startTime != null) {
            return this;
        }
        Instant deadline = launched.plus(BOOT);
        List<String> realms = List.of("chatstream", "other");
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (realms.stream().allMatch(this::serves)) {
                startTime = Duration.between(launched, Instant.now());
                System.out.printf("Keycloak ready at %s in %.1f s (its log: %s)%n", baseUrl(),
                        startTime.toMillis() / 1000.0, log);
                return this;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String why = process.isAlive() ? "did not serve its realms within " + BOOT : "exited with " + process.exitValue();
        stop();
        throw new AssertionError("Keycloak " + why + "; its log: " + log);
    }

    private boolean serves(String realm) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false; // still starting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    String jwksUrl(String realm) {
        return issuer(realm) + "/protocol/openid-connect/certs";
    }

    String tokenUrl(String realm) {
        return issuer(realm) + "/protocol/openid-connect/token";
    }

    /** From launching kc.sh until both realms were served. */
    Duration startTime() {
        return startTime;
    }

    Path log() {
        return log;
    }

    /** An access token of {@code user} by the password grant (direct access grant) of client chatstream-web. */
    String passwordToken(String realm, String user, String password) {
        HttpResponse<String> response = send(form(tokenUrl(realm), Map.of(
                "grant_type", "password", "client_id", CLIENT_ID, "username", user, "password", password,
                "scope", "openid")));
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak refused a token for " + user + " in realm " + realm + ": "
                    + response.statusCode() + " " + response.body());
        }
        return Api.read(response.body()).path("access_token").asText();
    }

    /** The key ids of the realm's published RS256 signing keys (its JWKS). */
    Set<String> signingKids(String realm) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(jwksUrl(realm))).build());
        expect(200, response, "JWKS of " + realm);
        Set<String> kids = new LinkedHashSet<>();
        for (JsonNode key : Api.read(response.body()).path("keys")) {
            if ("sig".equals(key.path("use").asText()) && "RS256".equals(key.path("alg").asText())) {
                kids.add(key.path("kid").asText());
            }
        }
        return kids;
    }

    /**
     * Rotates the realm's RS256 signing key as an administrator would on the admin REST API: a new
     * {@code rsa-generated} key provider with a priority above every other key's, then the providers of the
     * old RS256 keys disabled ({@code enabled=false}). Keycloak signs with the new key from then on and no
     * longer publishes the old ones (with {@code active=false} instead, an old key is "passive": it stays in
     * the JWKS but signs nothing, see {@link #rotateSigningKey(String, boolean)}). Returns the new key's kid.
     */
    String rotateSigningKey(String realm) {
        return rotateSigningKey(realm, false);
    }

    /**
     * {@link #rotateSigningKey(String)}, leaving the old keys published but passive ({@code active=false})
     * if {@code keepOldPublished}: tokens signed before the rotation then stay verifiable until they expire.
     */
    String rotateSigningKey(String realm, boolean keepOldPublished) {
        String admin = adminToken();
        String realmId = admin(admin, "GET", "realms/" + realm, null).path("id").asText();
        JsonNode providers = admin(admin, "GET", "realms/" + realm + "/components?type=org.keycloak.keys.KeyProvider", null);
        long priority = 0;
        for (JsonNode provider : providers) {
            priority = Math.max(priority, provider.path("config").path("priority").path(0).asLong(0));
        }
        List<String> old = rs256SigningKeys(admin, realm).map(key -> key.path("providerId").asText()).toList();

        ObjectNode component = Api.JSON.createObjectNode()
                .put("name", "rsa-rotated-" + Instant.now().toEpochMilli())
                .put("providerId", "rsa-generated")
                .put("providerType", "org.keycloak.keys.KeyProvider")
                .put("parentId", realmId);
        ObjectNode config = component.putObject("config");
        config.putArray("priority").add(Long.toString(priority + 100));
        config.putArray("algorithm").add("RS256");
        config.putArray("keySize").add("2048");
        HttpResponse<String> created = send(adminRequest(admin, "realms/" + realm + "/components")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(component.toString())).build());
        expect(201, created, "new key provider in " + realm);
        String location = created.headers().firstValue("Location").orElseThrow();
        String newProvider = location.substring(location.lastIndexOf('/') + 1);

        for (String provider : old) {
            String path = "realms/" + realm + "/components/" + provider;
            ObjectNode existing = (ObjectNode) admin(admin, "GET", path, null);
            ((ObjectNode) existing.path("config")).putArray(keepOldPublished ? "active" : "enabled").add("false");
            admin(admin, "PUT", path, existing.toString());
        }
        return rs256SigningKeys(admin, realm)
                .filter(key -> key.path("providerId").asText().equals(newProvider))
                .map(key -> key.path("kid").asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RS256 key of the new provider " + newProvider + " in " + realm));
    }

    /** The realm's RS256 signing keys that are in use (active or passive), from the admin API. */
    private Stream<JsonNode> rs256SigningKeys(String admin, String realm) {
        JsonNode keys = admin(admin, "GET", "realms/" + realm + "/keys", null).path("keys");
        List<JsonNode> all = new ArrayList<>();
        keys.forEach(all::add);
        return all.stream()
                .filter(key -> "RS256".equals(key.path("algorithm").asText()) && "SIG".equals(key.path("use").asText()))
                .filter(key -> !"DISABLED".equals(key.path("status").asText()))
                .sorted(Comparator.comparing((JsonNode key) -> key.path("providerPriority").asLong()).reversed());
    }

    /**
     * Lets the page at {@code origin} (say {@code http://127.0.0.1:8080}) call the realm's token endpoint from
     * the browser (CORS). The realm files allow redirects to any loopback port ({@code http://127.0.0.1*}),
     * but Keycloak derives web origins ("+") from them literally, so a port-less wildcard allows no origin:
     * a browser test adds its server's origin here, as an operator would add the page's.
     */
    /** Renames a user, as an administrator would in the admin console; the user keeps its id (the tokens' sub). */
    void renameUser(String realm, String from, String to) {
        String admin = adminToken();
        admin(admin, "PUT", "realms/" + realm, "{\"editUsernameAllowed\": true}");
        JsonNode user = admin(admin, "GET", "realms/" + realm + "/users?exact=true&username=" + from, null).get(0);
        admin(admin, "PUT", "realms/" + realm + "/users/" + user.path("id").asText(), "{\"username\": \"" + to + "\"}");
    }

    void allowWebOrigin(String realm, String origin) {
        String admin = adminToken();
        JsonNode clients = admin(admin, "GET", "realms/" + realm + "/clients?clientId=" + CLIENT_ID, null);
        ObjectNode client = (ObjectNode) clients.path(0);
        ArrayNode origins = client.withArray("webOrigins");
        origins.add(origin);
        admin(admin, "PUT", "realms/" + realm + "/clients/" + client.path("id").asText(), client.toString());
    }

    /** An access token of the master realm's bootstrap administrator (admin-cli, password grant). */
    private String adminToken() {
        HttpResponse<String> response = send(form(tokenUrl("master"), Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", adminPassword)));
        expect(200, response, "admin token");
        return Api.read(response.body()).path("access_token").asText();
    }

    /** A call of the admin REST API ({@code /admin/<path>}); its JSON answer, or null without one. */
    private JsonNode admin(String token, String method, String path, String body) {
        HttpRequest.Builder request = adminRequest(token, path);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = send(request.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("Keycloak admin " + method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? null : Api.read(response.body());
    }

    private HttpRequest.Builder adminRequest(String token, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private static HttpRequest form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(what + ": expected " + status + ", Keycloak answered " + response.statusCode()
                    + " " + response.body());
        }
    }

    /** SIGTERM to kc.sh (which passes it on to its JVM) and the JVM; SIGKILL after 30 s. */
    void stop() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle each : all) {
            each.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
