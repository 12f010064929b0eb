package dev.chatstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The two JAX-RS applications list their classes rather than have the server scan for them (each would otherwise
 * take the other's routes and error shape): a resource or provider that is in neither list would silently not
 * exist. Every one of the WAR's is in one, and the OpenAI-compatible API's only in its own.
 */
class ApplicationsTest {

    @Test
    void everyResourceAndProviderBelongsToAnApplication() throws IOException, URISyntaxException {
        Set<String> declared = new TreeSet<>();
        java.nio.file.Path classes = java.nio.file.Path.of(ChatstreamApplication.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = load(name);
                if (type != null && (type.isAnnotationPresent(Path.class) || type.isAnnotationPresent(Provider.class))) {
                    declared.add(type.getName());
                }
            }
        }
        Set<String> registered = new TreeSet<>();
        new ChatstreamApplication().getClasses().forEach(type -> registered.add(type.getName()));
        new OpenAiApplication().getClasses().forEach(type -> registered.add(type.getName()));

        assertEquals(declared, registered);
        new ChatstreamApplication().getClasses().forEach(type -> assertFalse(
                type.getPackageName().startsWith("dev.chatstream.openai"), type + " belongs to /openai only"));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApplicationsTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError notLoadable) {
            return null;
        }
    }
}
