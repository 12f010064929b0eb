package dev.chatstream.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Loads at start, before the application takes traffic, every class chatstream's own code names. A virtual
 * thread that makes the JVM load a class cannot leave its carrier while it waits, and the application's class
 * loader is one lock on some servers: a cold server hit by a burst of first requests could have every carrier
 * held by threads waiting for that lock while its holder waited for a carrier, and stop (docs/architecture.md,
 * "Threads"). Once the application's loader has answered for a name, the JVM resolves it again without asking
 * the loader, so the streaming path's threads load nothing of ours or of what our code names. Nothing is
 * initialised: no static initialiser runs earlier than it would have.
 */
@ApplicationScoped
public class ClassWarmup {

    private static final Logger LOG = Logger.getLogger(ClassWarmup.class.getName());
    private static final String CLASSES = "/WEB-INF/classes/";

    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!(started instanceof ServletContext web)) {
            LOG.warning("No servlet context at start: the classes of the streaming path load on first use");
            return;
        }
        long begin = System.nanoTime();
        Set<String> names = new TreeSet<>();
        collect(web, CLASSES, names);
        ClassLoader loader = ClassWarmup.class.getClassLoader();
        int loaded = 0;
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError absent) {
                // named by code that never runs here (an optional integration): it fails where it is used, as before
            }
        }
        int count = loaded;
        LOG.info(() -> "Loaded " + count + " classes that chatstream's code names, of " + names.size() + ", in "
                + (System.nanoTime() - begin) / 1_000_000 + " ms");
    }

    /** Our classes under {@code directory}, and every class they name. */
    private static void collect(ServletContext web, String directory, Set<String> names) {
        Set<String> paths = web.getResourcePaths(directory);
        if (paths == null) {
            return;
        }
        for (String path : paths) {
            if (path.endsWith("/")) {
                collect(web, path, names);
            } else if (path.endsWith(".class")) {
                names.add(path.substring(CLASSES.length(), path.length() - ".class".length()).replace('/', '.'));
                try (InputStream classFile = web.getResourceAsStream(path)) {
                    names.addAll(ClassReferences.of(classFile));
                } catch (IOException unreadable) {
                    LOG.warning(() -> "Could not read " + path + ": " + unreadable);
                }
            }
        }
    }
}
