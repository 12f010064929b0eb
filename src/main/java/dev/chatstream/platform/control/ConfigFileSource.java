package dev.chatstream.platform.control;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The operator's settings file, named by {@code CHATSTREAM_CONFIG_FILE} (server-config/start.sh points it at
 * {@code server-config/chatstream.properties}). It overrides the built-in defaults; environment variables and
 * system properties override it.
 */
public class ConfigFileSource implements ConfigSource {

    public static final int ORDINAL = 250;
    private final Map<String, String> properties;
    private final String name;

    public ConfigFileSource() {
        String file = System.getProperty("chatstream.config-file", System.getenv("CHATSTREAM_CONFIG_FILE"));
        this.name = "chatstream-config-file:" + file;
        this.properties = file == null || file.isBlank() ? Map.of() : read(Path.of(file));
    }

    private static Map<String, String> read(Path file) {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the settings file " + file.toAbsolutePath(), e);
        }
        Map<String, String> values = new HashMap<>();
        loaded.stringPropertyNames().forEach(key -> values.put(key, loaded.getProperty(key)));
        return Map.copyOf(values);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
