package dev.chatstream.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;

/**
 * The issuer's verification keys, from either MicroProfile JWT setting: {@code mp.jwt.verify.publickey} (a PEM
 * key, a JWK or a JWK set, inline) or {@code mp.jwt.verify.publickey.location} (an http(s) URL of a JWK set, as
 * every OpenID provider publishes, or a file or class-path resource holding any of those forms).
 *
 * <p>A remote key set is cached and refetched as the issuer rotates keys: a token whose {@code kid} is not in the
 * cache triggers a refetch, at most twice per {@code minRefreshInterval} however many such tokens arrive (forged
 * ones included); the cache is renewed every {@code cacheTtl}; and while the endpoint is down the keys last fetched
 * keep working for up to {@code outageTtl}.
 */
public final class IssuerKeys {

    /** How the remote key set is fetched and kept. */
    public record Refresh(Duration cacheTtl, Duration minRefreshInterval, Duration outageTtl, Duration timeout) {
    }

    private static final int MAX_KEY_SET_BYTES = 256 * 1024;

    private IssuerKeys() {
    }

    public static JWKSource<SecurityContext> inline(String keyText) {
        return new ImmutableJWKSet<>(parse(keyText));
    }

    public static JWKSource<SecurityContext> at(String location, Refresh refresh) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return remote(url(location), refresh);
        }
        return new ImmutableJWKSet<>(parse(read(location)));
    }

    private static JWKSource<SecurityContext> remote(URL keySet, Refresh refresh) {
        int timeout = (int) refresh.timeout().toMillis();
        return JWKSourceBuilder.<SecurityContext>create(keySet, new DefaultResourceRetriever(timeout, timeout, MAX_KEY_SET_BYTES))
                .cache(refresh.cacheTtl().toMillis(), refresh.timeout().toMillis())
                .refreshAheadCache(false) // no threads of its own: an expired cache is renewed by the next request
                .rateLimited(refresh.minRefreshInterval().toMillis())
                .outageTolerant(refresh.outageTtl().toMillis())
                .retrying(true)
                .build();
    }

    /** A JWK set, a single JWK (as JSON or Base64URL-encoded JSON), or PEM-encoded public keys or certificates. */
    static JWKSet parse(String text) {
        String trimmed = text.strip();
        try {
            if (trimmed.startsWith("-----BEGIN")) {
                return new JWKSet(fromPem(trimmed));
            }
            String json = trimmed.startsWith("{") ? trimmed : new Base64URL(trimmed).decodeToString();
            return json.contains("\"keys\"") ? JWKSet.parse(json) : new JWKSet(JWK.parse(json));
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("The issuer's public key is neither a PEM key, a JWK nor a JWK set: "
                    + e.getMessage(), e);
        }
    }

    /** A PEM public key (RSA or EC) or certificate, read with the JDK alone. */
    private static JWK fromPem(String pem) throws JOSEException, ParseException {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        try {
            if (pem.startsWith("-----BEGIN CERTIFICATE")) {
                return JWK.parse((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)));
            }
            try {
                return new RSAKey.Builder((RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(der))).build();
            } catch (InvalidKeySpecException notRsa) {
                ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
                return new ECKey.Builder(Curve.forECParameterSpec(key.getParams()), key).build();
            }
        } catch (GeneralSecurityException e) {
            throw new ParseException("not a PEM public key or certificate: " + e.getMessage(), 0);
        }
    }

    private static String read(String location) {
        try {
            String path = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
            InputStream resource = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream(path.startsWith("/") ? path.substring(1) : path);
            if (resource != null) {
                try (resource) {
                    return new String(resource.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the issuer's public key from " + location, e);
        }
    }

    private static URL url(String location) {
        try {
            return URI.create(location).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("mp.jwt.verify.publickey.location is not a URL: " + location, e);
        }
    }
}
