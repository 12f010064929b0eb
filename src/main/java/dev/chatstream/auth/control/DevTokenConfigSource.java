package dev.chatstream.auth.control;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes this server trust the locally generated dev key when no external issuer is configured. It answers only
 * the verification keys, at an ordinal below every other source, and stays silent as soon as the
 * environment or system properties name an issuer or key of their own.
 */
public class DevTokenConfigSource implements ConfigSource {

    public static final String DEV_ISSUER = "chatstream-dev";
    private static final String ISSUER = "mp.jwt.verify.issuer";
    private static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    private static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";

    private volatile Map<String, String> properties;

    @Override
    public Map<String, String> getProperties() {
        if (properties == null) {
            properties = externalIssuerConfigured() ? Map.of() : Map.of(
                    ISSUER, DEV_ISSUER,
                    PUBLIC_KEY, DevSigningKey.publicKeyPem(DevSigningKey.load(dataDirectory())));
        }
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return getProperties().keySet();
    }

    @Override
    public String getValue(String propertyName) {
        if (!propertyName.startsWith("mp.jwt.verify.")) {
            return null; // do not load keys for every config lookup of the application
        }
        return getProperties().get(propertyName);
    }

    @Override
    public String getName() {
        return "chatstream-dev-tokens";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }

    /** The data folder, read the way MP Config would, as this source cannot ask MP Config itself. */
    public static Path dataDirectory() {
        String configured = setting("chatstream.data-dir");
        return Path.of(configured == null || configured.isBlank() ? "./data" : configured).toAbsolutePath();
    }

    static boolean externalIssuerConfigured() {
        return setting(ISSUER) != null || setting(PUBLIC_KEY) != null || setting(PUBLIC_KEY_LOCATION) != null;
    }

    private static String setting(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
        }
        return value;
    }
}
