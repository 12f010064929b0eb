package dev.chatstream.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

class ClassReferencesTest {

    /** Names a class through each kind of constant that resolves one, after longs and doubles (two entries each). */
    static final class Sample {
        static final long BIG = 1L << 40;
        static final double HALF = 0.5;

        Object use(Object value) {
            long big = System.nanoTime() + BIG;
            double half = Math.random() * HALF;
            if (value instanceof ConcurrentSkipListMap<?, ?> map) {
                return map.firstKey();
            }
            return new StringBuilder[] {new StringBuilder().append(big).append(half)};
        }
    }

    @Test
    void findsEveryClassTheCodeNamesAfterWideConstants() throws IOException {
        Set<String> names = ClassReferences.of(classFile(Sample.class));

        assertTrue(names.containsAll(Set.of("java.lang.System", "java.lang.Math",
                "java.util.concurrent.ConcurrentSkipListMap", "java.lang.StringBuilder",
                "dev.chatstream.platform.control.ClassReferencesTest$Sample")), names.toString());
        names.forEach(name -> assertTrue(name.indexOf('/') < 0, "a binary name: " + name));
    }

    @Test
    void everyNameLoadsThroughTheClassLoader() throws Exception {
        for (String name : ClassReferences.of(classFile(ClassReferences.class))) {
            assertEquals(name, Class.forName(name, false, getClass().getClassLoader()).getName());
        }
    }

    @Test
    void refusesWhatIsNotAClassFile() {
        assertThrows(IOException.class, () -> ClassReferences.of(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})));
    }

    private static InputStream classFile(Class<?> type) {
        return type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class");
    }
}
