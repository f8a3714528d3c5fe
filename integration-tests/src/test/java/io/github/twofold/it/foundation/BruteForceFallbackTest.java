package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each supported Keycloak counts a wrong second-factor code outside a login step with the
 * {@code BruteForceProtector.failedLogin} it has: Twofold's own class from the JAR under test,
 * linked against that version's own Keycloak jars (not the newest it was compiled against), calls
 * a recording protector of that version's interface. 26.7 takes a set of categories, 26.6 one
 * category, 26.4 none (a failed login); a wrong guess here was a server error on 26.6.
 */
class BruteForceFallbackTest {

    private static final Set<String> SERVER_JARS = Set.of("keycloak-server-spi", "keycloak-server-spi-private", "keycloak-common", "keycloak-core");

    @Test
    void keycloak267CountsAnOtpFailureWithASetOfCategories() throws Exception {
        Path jars = Path.of(System.getProperty("twofold.keycloak.home")).resolve("lib/lib/main");
        assertThat(recordedFailedLogin(jars)).isEqualTo("failedLogin(RealmModel, UserModel, ClientConnection, UriInfo, Set) [otp]");
    }

    @Test
    void keycloak266CountsAnOtpFailureWithOneCategory() throws Exception {
        Path jars = Path.of(System.getProperty("twofold.keycloak.jars-only.dir"));
        assertThat(recordedFailedLogin(jars)).isEqualTo("failedLogin(RealmModel, UserModel, ClientConnection, UriInfo, String) otp");
    }

    @Test
    void keycloak264CountsAFailedLogin() throws Exception {
        Path jars = Path.of(System.getProperty("twofold.oldest.keycloak.home")).resolve("lib/lib/main");
        assertThat(recordedFailedLogin(jars)).isEqualTo("failedLogin(RealmModel, UserModel, ClientConnection, UriInfo)");
    }

    /** Calls KeycloakBruteForce.failedSecondFactor with that Keycloak's classes and says which failedLogin it reached. */
    private static String recordedFailedLogin(Path keycloakJars) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(ProviderJar.path().toUri().toURL());
        try (Stream<Path> files = Files.list(keycloakJars)) {
            for (Path jar : files.filter(BruteForceFallbackTest::serverJar).toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        assertThat(urls).as("Twofold's JAR and " + SERVER_JARS + " from " + keycloakJars).hasSize(1 + SERVER_JARS.size());
        try (URLClassLoader loader = new KeycloakFirst(urls.toArray(URL[]::new))) {
            Class<?> session = loader.loadClass("org.keycloak.models.KeycloakSession");
            Class<?> protector = loader.loadClass("org.keycloak.services.managers.BruteForceProtector");
            Class<?> realm = loader.loadClass("org.keycloak.models.RealmModel");
            Class<?> user = loader.loadClass("org.keycloak.models.UserModel");
            Class<?> connection = loader.loadClass("org.keycloak.common.ClientConnection");
            List<String> calls = new ArrayList<>();
            Object recording = Proxy.newProxyInstance(loader, new Class<?>[] {protector}, (proxy, method, args) -> {
                if (method.getName().equals("failedLogin")) {
                    StringBuilder call = new StringBuilder("failedLogin(");
                    for (int i = 0; i < method.getParameterCount(); i++) {
                        call.append(i == 0 ? "" : ", ").append(method.getParameterTypes()[i].getSimpleName());
                    }
                    call.append(')');
                    if (method.getParameterCount() == 5) {
                        call.append(' ').append(args[4]);
                    }
                    calls.add(call.toString());
                }
                return null;
            });
            Object keycloakSession = Proxy.newProxyInstance(loader, new Class<?>[] {session},
                    (proxy, method, args) -> method.getName().equals("getProvider") && args[0] == protector ? recording : null);
            Class<?> bruteForce = loader.loadClass("io.github.twofold.limit.KeycloakBruteForce");
            Method failed = bruteForce.getMethod("failedSecondFactor", session, realm, user, connection, jakarta.ws.rs.core.UriInfo.class);
            failed.invoke(null, keycloakSession, nothing(loader, realm), nothing(loader, user), nothing(loader, connection), null);
            assertThat(calls).hasSize(1);
            return calls.get(0);
        }
    }

    private static boolean serverJar(Path jar) {
        String name = jar.getFileName().toString().replaceFirst("^org\\.keycloak\\.", "");
        return SERVER_JARS.stream().anyMatch(j -> name.matches(java.util.regex.Pattern.quote(j) + "-\\d.*\\.jar"));
    }

    private static Object nothing(ClassLoader loader, Class<?> type) {
        return Proxy.newProxyInstance(loader, new Class<?>[] {type}, (proxy, method, args) -> null);
    }

    /** Keycloak's and Twofold's classes from the given jars, everything else (the JDK, Jakarta, logging) from the test's class path. */
    private static final class KeycloakFirst extends URLClassLoader {

        KeycloakFirst(URL[] urls) {
            super(urls, BruteForceFallbackTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.keycloak.") && !name.startsWith("io.github.twofold.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
