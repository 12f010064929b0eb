package dev.chatstream.auth.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DevSigningKey#load} keeps the first key pair in a static field for the life of its class. To see
 * what a restart does (generate, then read the files back) each "start" here loads the class afresh in its
 * own class loader, so every call begins with an empty cache. The class uses nothing but the JDK.
 */
class DevSigningKeyTest {

    private static final String PRIVATE_FILE = "dev-jwt-private.pem";
    private static final String PUBLIC_FILE = "dev-jwt-public.pem";

    /** Calls {@code DevSigningKey.load(dir)} as a freshly started application would. */
    private static KeyPair loadAfterRestart(Path dataDirectory) throws Exception {
        URL classes = DevSigningKey.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> isolated = fresh.loadClass(DevSigningKey.class.getName());
            assertNotEquals(DevSigningKey.class, isolated, "the class must be loaded anew");
            Method load = isolated.getMethod("load", Path.class);
            try {
                return (KeyPair) load.invoke(null, dataDirectory);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    @Test
    void aKeyGeneratedOnFirstStartIsReadBackAfterARestart(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("data").resolve("nested");

        KeyPair first = loadAfterRestart(data);
        assertTrue(Files.isRegularFile(data.resolve(PRIVATE_FILE)), "private key file written");
        assertTrue(Files.isRegularFile(data.resolve(PUBLIC_FILE)), "public key file written");
        String privateAfterFirst = Files.readString(data.resolve(PRIVATE_FILE));

        KeyPair second = loadAfterRestart(data);

        assertArrayEquals(first.getPublic().getEncoded(), second.getPublic().getEncoded(), "same public key");
        assertArrayEquals(first.getPrivate().getEncoded(), second.getPrivate().getEncoded(), "same private key");
        assertEquals(privateAfterFirst, Files.readString(data.resolve(PRIVATE_FILE)), "files left as they were");
        assertTrue(verifies(second, signed(first)), "a token signed before the restart still verifies");
    }

    @Test
    void anotherDataFolderGetsAnotherKey(@TempDir Path temp) throws Exception {
        KeyPair one = loadAfterRestart(temp.resolve("one"));
        KeyPair two = loadAfterRestart(temp.resolve("two"));
        assertFalse(java.util.Arrays.equals(one.getPublic().getEncoded(), two.getPublic().getEncoded()));
    }

    @Test
    void aMissingPrivateKeyMeansANewPair(@TempDir Path temp) throws Exception {
        KeyPair first = loadAfterRestart(temp);
        Files.delete(temp.resolve(PRIVATE_FILE));

        KeyPair second = loadAfterRestart(temp);

        assertFalse(java.util.Arrays.equals(first.getPublic().getEncoded(), second.getPublic().getEncoded()));
        assertArrayEquals(second.getPublic().getEncoded(), loadAfterRestart(temp).getPublic().getEncoded());
    }

    @Test
    void theKeyIsRsa2048AndSigns(@TempDir Path temp) throws Exception {
        KeyPair keys = loadAfterRestart(temp);
        assertEquals("RSA", keys.getPublic().getAlgorithm());
        assertEquals(2048, ((RSAPublicKey) keys.getPublic()).getModulus().bitLength());
        assertTrue(verifies(keys, signed(keys)));
    }

    @Test
    void onlyTheOwnerCanReadThePrivateKey(@TempDir Path temp) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        loadAfterRestart(temp);

        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(temp.resolve(PRIVATE_FILE));
        assertEquals(PosixFilePermissions.fromString("rw-------"), permissions);
    }

    @Test
    void theFilesAreThePemOfTheKeys(@TempDir Path temp) throws Exception {
        KeyPair keys = loadAfterRestart(temp);

        assertEquals(DevSigningKey.publicKeyPem(keys), Files.readString(temp.resolve(PUBLIC_FILE)));
        String privatePem = Files.readString(temp.resolve(PRIVATE_FILE));
        assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n"), privatePem);
        assertTrue(privatePem.endsWith("\n-----END PRIVATE KEY-----\n"), privatePem);
        assertArrayEquals(keys.getPrivate().getEncoded(), der(privatePem));
    }

    @Test
    void publicKeyPemIsAStandardPemThatDecodesToTheKey(@TempDir Path temp) throws Exception {
        KeyPair keys = loadAfterRestart(temp);

        String pem = DevSigningKey.publicKeyPem(keys);

        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
        assertTrue(pem.endsWith("\n-----END PUBLIC KEY-----\n"), pem);
        assertFalse(pem.contains("\r"), "Unix line ends");
        List<String> body = pem.lines().filter(line -> !line.startsWith("-----")).toList();
        assertFalse(body.isEmpty());
        for (int i = 0; i < body.size(); i++) {
            String line = body.get(i);
            assertTrue(line.matches("[A-Za-z0-9+/=]+"), "base64 line: " + line);
            if (i < body.size() - 1) {
                assertEquals(64, line.length(), "full lines are 64 characters");
            } else {
                assertTrue(line.length() <= 64);
            }
        }
        RSAPublicKey decoded = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(der(pem)));
        assertEquals(keys.getPublic(), decoded);
    }

    private static byte[] der(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    private static byte[] signed(KeyPair keys) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update("payload".getBytes());
        return signer.sign();
    }

    private static boolean verifies(KeyPair keys, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update("payload".getBytes());
        return verifier.verify(signature);
    }
}
