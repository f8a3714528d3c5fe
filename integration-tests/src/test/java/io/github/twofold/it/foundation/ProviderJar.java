package io.github.twofold.it.foundation;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Reads the provider JAR under test: its service files and the ids of the factories they name. */
final class ProviderJar {

    private ProviderJar() {
    }

    static Path path() {
        return Path.of(System.getProperty("twofold.provider.jar"));
    }

    /** Service file name to its (non-comment) lines. */
    static Map<String, Set<String>> serviceEntries(JarFile jar) throws IOException {
        Map<String, Set<String>> services = new TreeMap<>();
        for (JarEntry e : java.util.Collections.list(jar.entries())) {
            if (e.getName().startsWith("META-INF/services/") && !e.isDirectory()) {
                try (InputStream in = jar.getInputStream(e)) {
                    Set<String> lines = new TreeSet<>();
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String l = line.replaceAll("#.*", "").trim();
                        if (!l.isEmpty()) {
                            lines.add(l);
                        }
                    }
                    services.put(e.getName().substring("META-INF/services/".length()), lines);
                }
            }
        }
        return services;
    }

    /**
     * Ids of every Keycloak provider factory the JAR declares, by instantiating each factory (the
     * Keycloak API jars are on the test classpath, as in the server).
     */
    static Set<String> declaredProviderIds() throws Exception {
        return declaredProviderIds(false);
    }

    /** @param environmentDependent true: only factories that run when configured; false: all others */
    static Set<String> declaredProviderIds(boolean environmentDependent) throws Exception {
        Set<String> ids = new TreeSet<>();
        try (JarFile jar = new JarFile(path().toFile());
             URLClassLoader loader = new URLClassLoader(new URL[]{path().toUri().toURL()}, ProviderJar.class.getClassLoader())) {
            for (Map.Entry<String, Set<String>> service : serviceEntries(jar).entrySet()) {
                for (String className : service.getValue()) {
                    Class<?> type = loader.loadClass(className);
                    if (!org.keycloak.provider.ProviderFactory.class.isAssignableFrom(type)) {
                        continue; // an SPI definition or a library's own service (jjwt)
                    }
                    if (org.keycloak.provider.EnvironmentDependentProviderFactory.class.isAssignableFrom(type) != environmentDependent) {
                        continue;
                    }
                    Object factory = type.getDeclaredConstructor().newInstance();
                    Method getId = type.getMethod("getId");
                    ids.add((String) getId.invoke(factory));
                }
            }
        }
        return ids;
    }
}
