package io.github.twofold.it.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * One RSA key pair and certificate for the realms the tests create, made once per run with the
 * JDK's keytool. A realm created without keys makes Keycloak generate two 2048-bit RSA key pairs
 * (signing and encryption) on the server's request thread: about 2 s of server CPU per realm here,
 * most of the main server's CPU in a run that creates a few hundred realms. Given a key, Keycloak
 * stores it as the realm's signing and encryption key (its {@code privateKey}/{@code certificate}
 * import), and signs and checks tokens with it as with a generated one. The demo realm the servers
 * import and the realms a test creates as an operator would keep Keycloak's generated keys.
 */
public final class RealmKeys {

    private static final String ALIAS = "realm";
    private static final char[] STORE_PASSWORD = "twofold-test-keys".toCharArray();
    private static String privateKey;
    private static String certificate;

    private RealmKeys() {
    }

    /** Gives the realm representation the run's key pair (Keycloak then generates none for it). */
    public static ObjectNode give(ObjectNode realm) {
        load();
        return realm.put("privateKey", privateKey).put("certificate", certificate);
    }

    private static synchronized void load() {
        if (privateKey != null) {
            return;
        }
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("twofold.work.dir", "target/it")));
            Path store = dir.resolve("realm-keys.p12");
            Files.deleteIfExists(store);
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=twofold-test-realms", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", new String(STORE_PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make the test realms' key pair: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, STORE_PASSWORD);
            }
            Base64.Encoder base64 = Base64.getEncoder();
            certificate = base64.encodeToString(keys.getCertificate(ALIAS).getEncoded());
            privateKey = base64.encodeToString(keys.getKey(ALIAS, STORE_PASSWORD).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test realms' key pair", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the test realms' key pair", e);
        }
    }
}
