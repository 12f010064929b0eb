package dev.chatstream.auth.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs dev tokens: generated on first start into the data folder and reused after,
 * so tokens survive restarts. It never leaves the machine and is never part of the repository.
 */
public final class DevSigningKey {

    private static final String PRIVATE_FILE = "dev-jwt-private.pem";
    private static final String PUBLIC_FILE = "dev-jwt-public.pem";
    private static final String LOCK_FILE = "dev-jwt.lock";
    private static volatile KeyPair loaded;

    private DevSigningKey() {
    }

    /**
     * The key pair in {@code dataDirectory}, made there if there is none. Several servers sharing the folder (a
     * cluster on one machine) may start at once: a file lock lets one make it and the others read it.
     */
    public static synchronized KeyPair load(Path dataDirectory) {
        if (loaded == null) {
            try {
                Files.createDirectories(dataDirectory);
                Path privateFile = dataDirectory.resolve(PRIVATE_FILE);
                Path publicFile = dataDirectory.resolve(PUBLIC_FILE);
                try (FileChannel lockFile = FileChannel.open(dataDirectory.resolve(LOCK_FILE),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock exclusive = lockFile.lock()) {
                    loaded = Files.exists(privateFile) && Files.exists(publicFile)
                            ? read(privateFile, publicFile)
                            : generate(privateFile, publicFile);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot keep the dev signing key in " + dataDirectory, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot load the dev signing key", e);
            }
        }
        return loaded;
    }

    public static String publicKeyPem(KeyPair keys) {
        return pem("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    private static KeyPair generate(Path privateFile, Path publicFile) throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        try {
            // created readable by the owner only, before a byte of the key is written
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's own permissions apply
        }
        Files.writeString(privateFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Files.writeString(publicFile, publicKeyPem(keys));
        return keys;
    }

    private static KeyPair read(Path privateFile, Path publicFile) throws GeneralSecurityException, IOException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateKey privateKey = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der(privateFile)));
        RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der(publicFile)));
        return new KeyPair(publicKey, privateKey);
    }

    private static byte[] der(Path pemFile) throws IOException {
        String body = Files.readString(pemFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
