package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;

/**
 * The docs cannot rot silently: every Twofold name they use (an event detail, a metric, a step or
 * required-action id, a server option, an attribute, a log category) is one the JAR has, and every
 * event, event detail, metric and provider id the JAR has is in the docs. Names are read from the
 * built JAR's bytecode (its string constants) and from its factories, not from a list kept here.
 */
class DocsNameTheCodeTest {

    private static final Path REPO = Path.of("..");
    /** A Twofold name as the docs write it: twofold, then - _ or ., then more. */
    private static final Pattern NAME = Pattern.compile("(?<![\\w#/.-])twofold[-_.][a-z0-9][a-z0-9_.-]*[a-z0-9]");
    /** File names the docs' examples choose for the admin (a log file, a keystore): no code has them. */
    private static final Set<String> EXAMPLE_FILES = Set.of("twofold-audit.log", "twofold.p12");
    /** A server option for one provider: --spi-{spi}--{provider}--{property}. */
    private static final Pattern OPTION = Pattern.compile("--spi-([a-z0-9-]+?)--([a-z0-9-]+?)--([a-z0-9-]+)");
    private static final Pattern METRIC = Pattern.compile("twofold_([a-z_]+)_total");

    /** Each doc file's text. */
    private static final Map<String, String> docs = new HashMap<>();
    /** Every string constant in Twofold's classes. */
    private static final Set<String> constants = new HashSet<>();
    /** Twofold's packages, as the docs write them (io.github.twofold.audit). */
    private static final Set<String> packages = new HashSet<>();
    /** The meter names: constants "twofold.x.y" of the events module, where every meter is registered. */
    private static final Set<String> meters = new TreeSet<>();
    /** Provider id to the names of its server options (camelCase, as the factory declares them). */
    private static final Map<String, Set<String>> options = new HashMap<>();
    /** The text of the repository's other files: tests, scripts, build and container files, themes. */
    private static String elsewhere;
    private static List<String> eventKeys;
    private static List<String> detailKeys;

    @BeforeAll
    static void read() throws Exception {
        List<Path> docFiles = new ArrayList<>(List.of(REPO.resolve("README.md"), REPO.resolve("CHANGELOG.md"), REPO.resolve("CONTRIBUTING.md")));
        try (Stream<Path> files = Files.list(REPO.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(docFiles::add);
        }
        for (Path doc : docFiles) {
            docs.put(REPO.relativize(doc).toString(), Files.readString(doc));
        }
        readConstants();
        readFactories();
        StringBuilder other = new StringBuilder();
        for (String dir : List.of("integration-tests/src", "container-tests/src", "benchmark/src", "containers", ".ci", "themes/src", "demo")) {
            try (Stream<Path> files = Files.walk(REPO.resolve(dir))) {
                for (Path f : files.filter(Files::isRegularFile).filter(DocsNameTheCodeTest::text).toList()) {
                    other.append(Files.readString(f)).append('\n');
                }
            }
        }
        for (String file : List.of("pom.xml", "integration-tests/pom.xml", "demo.sh", "Dockerfile", "docker-compose.yml",
                "docker-compose.production.yml", "realm-export.json")) {
            other.append(Files.readString(REPO.resolve(file))).append('\n');
        }
        elsewhere = other.toString();
        assertThat(docs).as("doc files").hasSizeGreaterThanOrEqualTo(5);
        assertThat(constants).as("string constants read from the JAR").hasSizeGreaterThan(500);
        assertThat(meters).as("meter names read from TwofoldMetrics").hasSizeGreaterThanOrEqualTo(5);
        assertThat(options).as("providers with server options").containsKey("twilio");
    }

    @Test
    void everyTwofoldNameTheDocsUseIsOneTheCodeHas() {
        Set<String> unknown = new TreeSet<>();
        int seen = 0;
        for (Map.Entry<String, String> doc : docs.entrySet()) {
            Matcher m = NAME.matcher(doc.getValue());
            while (m.find()) {
                seen++;
                String name = m.group();
                if (!known(name)) {
                    unknown.add(doc.getKey() + ": " + name);
                }
            }
        }
        assertThat(seen).as("Twofold names in the docs").isGreaterThan(100);
        assertThat(unknown).as("names in the docs that nothing in the code has").isEmpty();
    }

    @Test
    void everyServerOptionTheDocsNameForTwofoldsProvidersIsOneTheProviderReads() {
        Set<String> unknown = new TreeSet<>();
        int seen = 0;
        for (Map.Entry<String, String> doc : docs.entrySet()) {
            Matcher m = OPTION.matcher(doc.getValue());
            while (m.find()) {
                Set<String> declared = options.get(m.group(2));
                if (declared == null) {
                    continue; // one of Keycloak's own providers
                }
                seen++;
                if (!declared.contains(m.group(3)) && !declared.contains(camel(m.group(3)))) {
                    unknown.add(doc.getKey() + ": " + m.group() + " (" + m.group(2) + " reads " + declared + ")");
                }
            }
        }
        assertThat(seen).as("options of Twofold's providers in the docs").isGreaterThan(5);
        assertThat(unknown).isEmpty();
    }

    @Test
    void everyEventDetailMetricAndProviderOfTheJarIsInTheDocs() throws Exception {
        String all = String.join("\n", docs.values());
        Set<String> missing = new TreeSet<>();
        eventKeys.stream().filter(k -> !all.contains("`" + k + "`")).forEach(k -> missing.add("event " + k));
        detailKeys.stream().filter(k -> !all.contains(k)).forEach(k -> missing.add("event detail " + k));
        meters.stream().map(m -> m.replace('.', '_') + "_total").filter(m -> !all.contains(m)).forEach(m -> missing.add("metric " + m));
        Set<String> ids = new TreeSet<>(ProviderJar.declaredProviderIds(false));
        ids.addAll(ProviderJar.declaredProviderIds(true));
        ids.stream().filter(id -> !all.contains(id)).forEach(id -> missing.add("provider " + id));
        assertThat(eventKeys).as("events read from the JAR").hasSizeGreaterThan(20);
        assertThat(missing).as("names the JAR has that no doc mentions").isEmpty();
    }

    private static boolean known(String name) {
        if (name.contains("--")) {
            return true; // a server option: checked against the provider's own list above
        }
        Matcher metric = METRIC.matcher(name);
        if (metric.matches() && meters.contains("twofold." + metric.group(1).replace('_', '.'))) {
            return true;
        }
        return constants.contains(name)
                || EXAMPLE_FILES.contains(name)
                || packages.contains("io.github." + name)
                || (name.startsWith("twofold_") && constants.contains(name.substring("twofold_".length()))) // error = "twofold_" + reason
                || Pattern.compile("(?<![a-z0-9_-])" + Pattern.quote(name) + "(?![a-z0-9])").matcher(elsewhere).find();
    }

    private static String camel(String kebab) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    private static boolean text(Path p) {
        String n = p.getFileName().toString();
        return Stream.of(".java", ".ftl", ".properties", ".sh", ".json", ".yml", ".xml", ".md", ".txt", ".conf", "run", "Dockerfile")
                .anyMatch(n::endsWith);
    }

    private static void readConstants() throws IOException {
        try (ZipFile zip = new ZipFile(ProviderJar.path().toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("io/github/twofold/") && e.getName().endsWith(".class")).toList()) {
                String cls = entry.getName().substring(0, entry.getName().length() - ".class".length());
                packages.add(cls.substring(0, cls.lastIndexOf('/')).replace('/', '.'));
                if (cls.startsWith("io/github/twofold/shaded/")) {
                    continue; // libraries the build relocated: their package names count, their strings do not
                }
                boolean metrics = cls.startsWith("io/github/twofold/events/"); // the meters are registered there
                try (InputStream in = zip.getInputStream(entry)) {
                    new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                        @Override
                        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                            if (value instanceof String s) {
                                constants.add(s);
                            }
                            return null;
                        }

                        @Override
                        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                            return new MethodVisitor(Opcodes.ASM9) {
                                @Override
                                public void visitLdcInsn(Object value) {
                                    if (value instanceof String s) {
                                        constants.add(s);
                                        if (metrics && s.matches("twofold(\\.[a-z]+)+")) {
                                            meters.add(s);
                                        }
                                    }
                                }
                            };
                        }
                    }, ClassReader.SKIP_DEBUG);
                }
            }
        }
    }

    /** Server options of every factory, and the events and details Twofold's audit vocabulary defines. */
    private static void readFactories() throws Exception {
        try (JarFile jar = new JarFile(ProviderJar.path().toFile());
             URLClassLoader loader = new URLClassLoader(new URL[]{ProviderJar.path().toUri().toURL()}, DocsNameTheCodeTest.class.getClassLoader())) {
            for (Set<String> factories : ProviderJar.serviceEntries(jar).values()) {
                for (String className : factories) {
                    Class<?> type = loader.loadClass(className);
                    if (!ProviderFactory.class.isAssignableFrom(type)) {
                        continue;
                    }
                    ProviderFactory<?> factory = (ProviderFactory<?>) type.getDeclaredConstructor().newInstance();
                    List<ProviderConfigProperty> metadata = factory.getConfigMetadata();
                    Set<String> names = new TreeSet<>();
                    if (metadata != null) {
                        metadata.forEach(p -> names.add(p.getName()));
                    }
                    options.put(factory.getId(), names);
                }
            }
            Class<?> event = loader.loadClass("io.github.twofold.audit.TwofoldEvent");
            Method key = event.getMethod("key");
            eventKeys = new ArrayList<>();
            for (Object e : event.getEnumConstants()) {
                eventKeys.add((String) key.invoke(e));
            }
            detailKeys = new ArrayList<>();
            for (java.lang.reflect.Field f : loader.loadClass("io.github.twofold.audit.TwofoldEvents").getFields()) {
                if (f.getType() == String.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    String value = (String) f.get(null);
                    if (value.startsWith("twofold_")) {
                        detailKeys.add(value);
                    }
                }
            }
        }
    }
}
