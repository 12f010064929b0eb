package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Each server serves our OpenAPI document, META-INF/openapi.yaml, at /openapi on the server's root, without a
 * token: the same paths and operations as the file, and nothing a server found by scanning the classes.
 */
@Tag("every-server")
class OpenApiIT extends ServerIT {

    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theServerServesOurDocumentAtOpenapiWithoutAToken() throws Exception {
        HttpResponse<String> response = get("application/json");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode served = Api.read(response.body());

        Map<String, Object> ours = ours();
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) ours.get("info");
        assertEquals(info.get("title"), served.path("info").path("title").asText(), response.body());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) ours.get("paths");
        Set<String> servedPaths = new TreeSet<>();
        served.path("paths").fieldNames().forEachRemaining(servedPaths::add);
        assertEquals(new TreeSet<>(paths.keySet()), servedPaths, "the paths of /openapi");

        Set<String> expectedOperations = new TreeSet<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (OPERATIONS.contains(method) && operation instanceof Map<?, ?> described) {
                expectedOperations.add(method + " " + path + " " + described.get("operationId"));
            }
        }));
        Set<String> servedOperations = new TreeSet<>();
        served.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (OPERATIONS.contains(operation.getKey())) {
                servedOperations.add(operation.getKey() + " " + path.getKey() + " "
                        + operation.getValue().path("operationId").asText(null));
            }
        }));
        assertEquals(expectedOperations, servedOperations, "the operations of /openapi");
        // who needs a token survives the server's reading of the document
        assertEquals("[{\"bearer\":[]}]", served.path("paths").path("/api/v1/sessions").path("get").path("security").toString());
        assertTrue(served.path("paths").path("/api/v1/auth/config").path("get").path("security").isMissingNode(),
                served.path("paths").path("/api/v1/auth/config").toString());
        assertEquals("bearer", served.path("components").path("securitySchemes").path("bearer").path("scheme").asText());
        assertTrue(served.path("components").path("schemas").has("Error"), "the error body is described");
    }

    /** Also as YAML, the format MicroProfile OpenAPI answers by default. */
    @Test
    void theDocumentIsAlsoServedAsYaml() throws Exception {
        HttpResponse<String> response = get(null);
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> served = new Yaml(new SafeConstructor(new LoaderOptions())).load(response.body());
        Map<String, Object> ours = ours();
        // WildFly adds an empty contact and license to info: the title and version are ours
        assertEquals(map(ours.get("info")).get("title"), map(served.get("info")).get("title"), response.body());
        assertEquals(map(ours.get("info")).get("version"), map(served.get("info")).get("version"));
        assertEquals(map(ours.get("paths")).keySet(), map(served.get("paths")).keySet());
    }

    private HttpResponse<String> get(String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/openapi"))
                .timeout(Duration.ofSeconds(30));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    private static Map<String, Object> ours() throws IOException {
        try (InputStream in = OpenApiIT.class.getClassLoader().getResourceAsStream("META-INF/openapi.yaml")) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }
}
