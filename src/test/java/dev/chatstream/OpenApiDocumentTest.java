package dev.chatstream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstream.auth.boundary.Public;
import dev.chatstream.uploads.boundary.UploadEndpoint;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * META-INF/openapi.yaml, which every server serves at /openapi, against the routes the two JAX-RS applications
 * really have (their {@code getClasses()}, {@code @ApplicationPath}, {@code @Path} and HTTP method annotations) and
 * those of the few API servlets listed in {@link #SERVLETS} (their {@code @WebServlet} paths and the {@code doGet},
 * {@code doPost}, … methods they override): a route that the document does not list fails, and so does a documented
 * route that no longer exists. Path
 * parameters are compared by position, not by name ({@code {replyId}} in Java is {@code {reply_id}} on the wire).
 */
class OpenApiDocumentTest {

    static final String DOCUMENT = "META-INF/openapi.yaml";
    private static final List<Class<? extends Application>> APPLICATIONS =
            List.of(ChatstreamApplication.class, OpenAiApplication.class);
    /** API routes served by a plain servlet, not JAX-RS: POST /api/v1/uploads, whose multipart body the container reads. */
    private static final List<Class<? extends HttpServlet>> SERVLETS = List.of(UploadEndpoint.class);
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static Map<String, Object> document;

    /** A route: its HTTP method and normalised path, and where it is (a resource method, or the document). */
    record Route(String method, String path) implements Comparable<Route> {
        @Override
        public int compareTo(Route other) {
            int byPath = path.compareTo(other.path);
            return byPath != 0 ? byPath : method.compareTo(other.method);
        }

        @Override
        public String toString() {
            return String.format("%-7s%s", method, path);
        }
    }

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            assertNotNull(in, DOCUMENT + " is not on the class path");
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        Map<Route, String> routes = routes();
        Set<Route> documented = documented().keySet();

        List<String> missing = routes.keySet().stream().filter(route -> !documented.contains(route))
                .map(route -> "  " + route + "   (" + routes.get(route) + ")").toList();
        List<String> stale = documented.stream().filter(route -> !routes.containsKey(route))
                .map(route -> "  " + route).toList();
        if (missing.isEmpty() && stale.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("src/main/resources/" + DOCUMENT + " and the routes of the JAX-RS applications and API servlets differ.");
        if (!missing.isEmpty()) {
            message.append("\n\nRoutes that exist but are not documented (add each under paths:):\n")
                    .append(String.join("\n", missing));
        }
        if (!stale.isEmpty()) {
            message.append("\n\nDocumented routes that no longer exist (remove or correct them):\n")
                    .append(String.join("\n", stale));
        }
        message.append("\n\n(path parameters are shown as {}: only their position counts)\n");
        fail(message.toString());
    }

    /**
     * A route that answers without a bearer token ({@link Public}) is documented as such (its {@code security}
     * allows another way in, or none), and every other route requires the bearer scheme.
     */
    @Test
    void theDocumentedSecurityMatchesWhichRoutesArePublic() {
        Map<Route, Map<String, Object>> documented = documented();
        List<String> wrong = new ArrayList<>();
        publicRoutes().forEach((route, isPublic) -> {
            Map<String, Object> operation = documented.get(route);
            if (operation != null && isPublic != openWithoutBearer(operation)) {
                wrong.add("  " + route + (isPublic ? "   is @Public, but the document requires a bearer token"
                        : "   needs a bearer token, but the document's security: lets it be called without one"));
            }
        });
        assertTrue(wrong.isEmpty(), "security: of these operations in " + DOCUMENT + " is wrong:\n"
                + String.join("\n", wrong));
    }

    /** Each operation has an id of its own and a success response; each body it answers has an example. */
    @Test
    void everyOperationHasAnIdASuccessAndExamples() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        documented().forEach((route, operation) -> {
            Object id = operation.get("operationId");
            if (id == null || !ids.add(id.toString())) {
                problems.add("  " + route + "   has no operationId of its own: " + id);
            }
            Map<String, Object> responses = map(operation.get("responses"));
            boolean success = false;
            for (Map.Entry<String, Object> entry : responses.entrySet()) {
                Map<String, Object> response = resolve(map(entry.getValue()));
                success |= entry.getKey().startsWith("2");
                map(response.get("content")).forEach((type, media) -> {
                    Map<String, Object> content = map(media);
                    if (!content.containsKey("example") && !content.containsKey("examples")) {
                        problems.add("  " + route + "   answers " + entry.getKey() + " " + type + " without an example");
                    }
                });
            }
            if (!success) {
                problems.add("  " + route + "   has no 2xx response");
            }
        });
        assertTrue(problems.isEmpty(), DOCUMENT + ":\n" + String.join("\n", problems));
    }

    /** Every {@code $ref} names a component that is there. */
    @Test
    void everyReferenceResolves() {
        Set<String> broken = new TreeSet<>();
        references(document, broken);
        assertTrue(broken.isEmpty(), "References in " + DOCUMENT + " to nothing: " + broken);
    }

    // ---- the routes of the applications

    /** Every route, with the resource method that serves it. */
    static Map<Route, String> routes() {
        Map<Route, String> routes = new TreeMap<>();
        resourceMethods((route, method) -> {
            String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
            String before = routes.put(route, where);
            if (before != null) {
                fail(route + " is served twice: by " + before + " and " + where);
            }
        });
        return routes;
    }

    private static Map<Route, Boolean> publicRoutes() {
        Map<Route, Boolean> routes = new TreeMap<>();
        resourceMethods((route, method) -> routes.put(route,
                method.isAnnotationPresent(Public.class) || method.getDeclaringClass().isAnnotationPresent(Public.class)));
        return routes;
    }

    private static void resourceMethods(java.util.function.BiConsumer<Route, Method> each) {
        for (Class<? extends Application> application : APPLICATIONS) {
            String root = application.getAnnotation(ApplicationPath.class).value();
            Application instance;
            try {
                instance = application.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(application + " cannot be made", e);
            }
            for (Class<?> type : instance.getClasses()) {
                Path resource = type.getAnnotation(Path.class);
                if (resource == null) {
                    continue; // a provider
                }
                for (Method method : type.getMethods()) {
                    String http = httpMethod(method);
                    Path sub = method.getAnnotation(Path.class);
                    if (http == null && sub != null) {
                        fail(type.getSimpleName() + "." + method.getName() + " is a sub-resource locator: "
                                + "this test does not follow those; list its routes some other way");
                    }
                    if (http != null) {
                        each.accept(new Route(http, normalise(join(root, resource.value(),
                                sub == null ? "" : sub.value()))), method);
                    }
                }
            }
        }
        for (Class<? extends HttpServlet> servlet : SERVLETS) {
            WebServlet mapping = servlet.getAnnotation(WebServlet.class);
            assertNotNull(mapping, servlet.getSimpleName() + " has no @WebServlet");
            List<String> paths = Stream.concat(Stream.of(mapping.value()), Stream.of(mapping.urlPatterns())).toList();
            for (Method method : servlet.getDeclaredMethods()) {
                if (method.getName().matches("do[A-Z][a-z]+") && method.getParameterCount() == 2) {
                    String http = method.getName().substring(2).toUpperCase(Locale.ROOT);
                    paths.forEach(path -> {
                        if (path.contains("*")) {
                            fail(servlet.getSimpleName() + " is mapped to the pattern " + path
                                    + ": this test knows exact servlet paths only");
                        }
                        each.accept(new Route(http, normalise(path)), method);
                    });
                }
            }
        }
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            String trimmed = part.replaceAll("^/+|/+$", "");
            if (!trimmed.isEmpty()) {
                path.append('/').append(trimmed);
            }
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    /** {@code {id}}, {@code {reply_id}}, {@code {id: [0-9]+}} all become {@code {}}. */
    static String normalise(String path) {
        return path.replaceAll("\\{[^/]*?}", "{}").replaceAll("/+$", "");
    }

    // ---- the document

    /** Every operation of the document, by route. */
    static Map<Route, Map<String, Object>> documented() {
        Map<Route, Map<String, Object>> operations = new TreeMap<>();
        map(document.get("paths")).forEach((path, item) -> map(item).forEach((key, operation) -> {
            if (OPERATIONS.contains(key)) {
                Route route = new Route(key.toUpperCase(Locale.ROOT), normalise(path));
                if (operations.put(route, map(operation)) != null) {
                    fail(DOCUMENT + " describes " + route + " twice");
                }
            }
        }));
        return operations;
    }

    private static boolean openWithoutBearer(Map<String, Object> operation) {
        Object security = operation.containsKey("security") ? operation.get("security") : document.get("security");
        if (security == null) {
            return true;
        }
        List<?> alternatives = (List<?>) security;
        return alternatives.isEmpty() || alternatives.stream().anyMatch(alternative -> !map(alternative).containsKey("bearer"));
    }

    private static Map<String, Object> resolve(Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        Object target = document;
        for (String step : ref.toString().substring(2).split("/")) {
            target = map(target).get(step);
        }
        return target == null ? Map.of() : map(target);
    }

    private static void references(Object node, Set<String> broken) {
        if (node instanceof Map<?, ?> object) {
            object.forEach((key, value) -> {
                if ("$ref".equals(key) && resolve(Map.of("$ref", value)).isEmpty()) {
                    broken.add(value.toString());
                }
                references(value, broken);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> references(item, broken));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?> object)) {
            throw new AssertionError(DOCUMENT + ": expected a mapping, found " + node);
        }
        return ((Map<Object, Object>) object).entrySet().stream()
                .collect(Collectors.toMap(entry -> String.valueOf(entry.getKey()), Map.Entry::getValue,
                        (a, b) -> a, TreeMap::new));
    }
}
