package io.github.twofold.it.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password credential exactly as the server under test stores a new password: made once by
 * Keycloak's own default hash provider (Argon2id with Keycloak's default parameters), loaded from
 * the distribution's JARs. Importing it keeps thousands of benchmark accounts cheap to create, and
 * their first login pays what a real user's login pays: no rehash (a credential in any other form
 * would be rehashed at its first login, which would hide the second step's cost).
 */
final class PasswordHash {

    private PasswordHash() {
    }

    /** Iterations of the diagnostic PBKDF2 hash: tens of milliseconds of CPU per hash, as Argon2's. */
    static final int PBKDF2_ITERATIONS = 40_000;

    /**
     * The realms' password policy: null for Keycloak's default, Argon2 (the measurement); with
     * {@code pbkdf2}, Keycloak's {@code pbkdf2-sha256}, a hash that only computes where Argon2 also
     * fills 7 MB of memory per hash: a diagnostic of how much of a flow's cost shows up in the
     * password hash's time.
     */
    static String realmPolicy(boolean pbkdf2) {
        return pbkdf2 ? "hashAlgorithm(pbkdf2-sha256) and hashIterations(" + PBKDF2_ITERATIONS + ")" : null;
    }

    /** A password credential for {@link #realmPolicy} with the same {@code pbkdf2}. */
    static Map<String, Object> credential(String password, boolean pbkdf2) {
        return pbkdf2 ? pbkdf2Credential(password) : argon2Credential(password);
    }

    /** As Keycloak's {@code Pbkdf2PasswordHashProvider} stores it (256-bit key, 16-byte salt): no rehash at login under {@link #realmPolicy}. */
    private static Map<String, Object> pbkdf2Credential(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, PBKDF2_ITERATIONS, 256)).getEncoded();
            Base64.Encoder base64 = Base64.getEncoder();
            String secret = "{\"value\":\"" + base64.encodeToString(key) + "\",\"salt\":\"" + base64.encodeToString(salt)
                    + "\",\"additionalParameters\":{}}";
            String data = "{\"hashIterations\":" + PBKDF2_ITERATIONS + ",\"algorithm\":\"pbkdf2-sha256\",\"additionalParameters\":{}}";
            return Map.of("type", "password", "secretData", secret, "credentialData", data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    private static Map<String, Object> argon2Credential(String password) {
        Path jars = Path.of(System.getProperty("twofold.keycloak.home"), "lib", "lib");
        try (Stream<Path> main = Files.list(jars.resolve("main"));
             Stream<Path> boot = Files.list(jars.resolve("boot"));
             URLClassLoader keycloak = new URLClassLoader(urls(Stream.concat(main, boot).toList()), ClassLoader.getPlatformClassLoader())) {
            Class<?> parameters = keycloak.loadClass("org.keycloak.crypto.hash.Argon2Parameters");
            Class<?> provider = keycloak.loadClass("org.keycloak.crypto.hash.Argon2PasswordHashProvider");
            Constructor<?> create = provider.getConstructor(String.class, String.class, int.class, int.class, int.class, int.class, Semaphore.class);
            Object hasher = create.newInstance(parameters.getField("DEFAULT_VERSION").get(null), parameters.getField("DEFAULT_TYPE").get(null),
                    parameters.getField("DEFAULT_HASH_LENGTH").get(null), parameters.getField("DEFAULT_MEMORY").get(null),
                    parameters.getField("DEFAULT_ITERATIONS").get(null), parameters.getField("DEFAULT_PARALLELISM").get(null), new Semaphore(1));
            Object model = provider.getMethod("encodedCredential", String.class, int.class).invoke(hasher, password, -1);
            String secret = (String) model.getClass().getMethod("getSecretData").invoke(model);
            String data = (String) model.getClass().getMethod("getCredentialData").invoke(model);
            return Map.of("type", "password", "secretData", secret, "credentialData", data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot hash with Keycloak's Argon2 provider from " + jars, e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        return jars.stream().filter(p -> p.toString().endsWith(".jar")).map(p -> {
            try {
                return p.toUri().toURL();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toArray(URL[]::new);
    }
}
