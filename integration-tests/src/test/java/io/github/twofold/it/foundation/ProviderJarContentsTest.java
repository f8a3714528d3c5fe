package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployable JAR holds Twofold plus only what Keycloak lacks, relocated, with every service
 * entry of every module merged. Checked against the real Keycloak distribution's libraries.
 */
class ProviderJarContentsTest {

    private static final Path KEYCLOAK = Path.of(System.getProperty("twofold.keycloak.home"));
    private static final Path ROOT = Path.of(System.getProperty("twofold.project.root"));

    @Test
    void jarHoldsNoClassKeycloakAlreadyShips() throws IOException {
        Set<String> ours = classEntries(ProviderJar.path());
        assertThat(ours).as("classes in the provider JAR").isNotEmpty();

        List<String> clashes = new ArrayList<>();
        try (Stream<Path> libs = Files.list(KEYCLOAK.resolve("lib/lib/main"))) {
            for (Path lib : libs.filter(p -> p.toString().endsWith(".jar")).toList()) {
                for (String entry : classEntries(lib)) {
                    if (ours.contains(entry)) {
                        clashes.add(entry + " (also in " + lib.getFileName() + ")");
                    }
                }
            }
        }
        assertThat(clashes).as("classes Keycloak 26.7.3 already ships").isEmpty();
    }

    @Test
    void everyBundledClassIsTwofoldsOrRelocated() throws IOException {
        List<String> foreign = classEntries(ProviderJar.path()).stream()
                .filter(e -> !e.startsWith("io/github/twofold/"))
                .filter(e -> !e.startsWith("META-INF/versions/"))
                .sorted()
                .toList();
        assertThat(foreign).as("classes outside io.github.twofold (unrelocated libraries)").isEmpty();
        assertThat(classEntries(ProviderJar.path()))
                .noneMatch(e -> e.startsWith("com/fasterxml/jackson/") || e.startsWith("org/apache/commons/codec/")
                        || e.startsWith("org/slf4j/") || e.startsWith("com/google/gson/") || e.startsWith("org/apache/commons/io/"));
    }

    @Test
    void everyModuleServiceEntrySurvivesTheMerge() throws IOException {
        Map<String, Set<String>> merged;
        try (JarFile jar = new JarFile(ProviderJar.path().toFile())) {
            merged = ProviderJar.serviceEntries(jar);
        }
        int checked = 0;
        for (String module : List.of("core", "authenticator", "required-action", "events")) {
            Path services = ROOT.resolve(module).resolve("src/main/resources/META-INF/services");
            if (!Files.isDirectory(services)) {
                continue;
            }
            try (Stream<Path> files = Files.list(services)) {
                for (Path file : files.toList()) {
                    String spi = file.getFileName().toString();
                    for (String line : Files.readAllLines(file)) {
                        String entry = line.replaceAll("#.*", "").trim();
                        if (entry.isEmpty()) {
                            continue;
                        }
                        assertThat(merged.getOrDefault(spi, Set.of())).as("%s in META-INF/services/%s", entry, spi).contains(entry);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).as("service entries checked").isPositive();
    }

    private static Set<String> classEntries(Path jarPath) throws IOException {
        Set<String> entries = new HashSet<>();
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class")) {
                    entries.add(e.getName());
                }
            }
        }
        return entries;
    }
}
