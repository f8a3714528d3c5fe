package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Nothing in the JAR calls a Keycloak API that a supported Keycloak lacks. Twofold is compiled
 * against the newest; this reads every Twofold class's bytecode and looks each Keycloak class,
 * method and field it references up in an older version's own jars (inherited members included):
 * the oldest supported version's distribution, and the Keycloak jars of 26.6, a supported version
 * whose distribution Maven Central does not serve (so no server of it runs in the suite). A
 * reference that is missing there on purpose, because the code around it falls back, is listed
 * with the fallback, and the list must stay exact.
 */
class SupportedKeycloakApiTest {

    private static final String FAILED_LOGIN_WITH_CATEGORIES = "org/keycloak/services/managers/BruteForceProtector.failedLogin("
            + "Lorg/keycloak/models/RealmModel;Lorg/keycloak/models/UserModel;Lorg/keycloak/common/ClientConnection;Ljakarta/ws/rs/core/UriInfo;Ljava/util/Set;)V";

    /** Missing on 26.4, and each caught there (NoSuchMethodError) with a fallback. */
    private static final Map<String, String> FALLBACKS_ON_26_4 = Map.of(
            FAILED_LOGIN_WITH_CATEGORIES,
            "KeycloakBruteForce counts a failed login instead (BruteForceFallbackTest; OldestKeycloakIT: wrong codes)",
            "org/keycloak/services/cors/Cors.checkAllowedOrigins(Lorg/keycloak/representations/AccessToken;)Lorg/keycloak/services/cors/Cors;",
            "CorsOrigins calls allowedOrigins(AccessToken) instead (OldestKeycloakIT.theAppApiAnswersWithCors)");

    /** Missing on 26.6, and caught there (NoSuchMethodError) with a fallback. */
    private static final Map<String, String> FALLBACKS_ON_26_6 = Map.of(
            FAILED_LOGIN_WITH_CATEGORIES,
            "KeycloakBruteForce counts an OTP failure with 26.6's one-category failedLogin (BruteForceFallbackTest)");

    /**
     * Twofold's providers of an SPI that Keycloak before 26.6 does not have, with that SPI's factory
     * interface: Keycloak loads a provider only for SPIs it knows, so there these classes are never
     * loaded, and their references are not checked (the SPI must still be missing there).
     */
    private static final Map<String, String> PROVIDERS_OF_26_6_SPIS = Map.of(
            "io/github/twofold/signin/UncheckedSignInRefusalFactory", "org/keycloak/protocol/oidc/token/TokenPostProcessorFactory",
            "io/github/twofold/signin/UncheckedSignInRefusal", "org/keycloak/protocol/oidc/token/TokenPostProcessorFactory",
            "io/github/twofold/signin/UncheckedSignInRefusal$Refusal", "org/keycloak/protocol/oidc/token/TokenPostProcessorFactory");

    /**
     * Keycloak 26.6.4's jars whose parent POM Maven Central does not serve (keycloak-model-pom,
     * keycloak-quarkus-parent), so the build cannot fetch them: the classes Twofold uses from them
     * are not checked on 26.6, by owner class, with the jar they are in. The check fails when one
     * of these is found after all (remove it then) or when Twofold starts to use another class that
     * is missing.
     */
    private static final Map<String, String> UNFETCHABLE_ON_26_6 = Map.of(
            "org/keycloak/connections/jpa/JpaConnectionProvider", "keycloak-model-jpa",
            "org/keycloak/connections/jpa/entityprovider/JpaEntityProvider", "keycloak-model-jpa",
            "org/keycloak/connections/jpa/entityprovider/JpaEntityProviderFactory", "keycloak-model-jpa",
            "org/keycloak/services/scheduled/ClusterAwareScheduledTaskRunner", "keycloak-model-storage-private");

    /** A class of an older Keycloak: its parents and members (name + descriptor). */
    private record Known(String superName, List<String> interfaces, Set<String> methods, Set<String> fields) {
    }

    @Test
    void twofoldReferencesNothingTheOldestSupportedKeycloakLacks() throws IOException {
        Path distribution = Path.of(System.getProperty("twofold.oldest.keycloak.home")).resolve("lib/lib/main");
        check(System.getProperty("twofold.oldest.keycloak.version"), distribution, FALLBACKS_ON_26_4, PROVIDERS_OF_26_6_SPIS);
    }

    @Test
    void twofoldReferencesNothingKeycloak26Point6Lacks() throws IOException {
        String version = System.getProperty("twofold.keycloak.jars-only.version");
        assertThat(version).as("the 26.6 version whose jars are checked").startsWith("26.6.");
        Path jars = Path.of(System.getProperty("twofold.keycloak.jars-only.dir"));
        check(version, jars, FALLBACKS_ON_26_6, Map.of(), UNFETCHABLE_ON_26_6);
    }

    private static void check(String version, Path jars, Map<String, String> fallbacks, Map<String, String> unloadedProviders) throws IOException {
        check(version, jars, fallbacks, unloadedProviders, Map.of());
    }

    private static void check(String version, Path jars, Map<String, String> fallbacks, Map<String, String> unloadedProviders,
                              Map<String, String> unfetchable) throws IOException {
        Map<String, Known> keycloak = new HashMap<>();
        try (Stream<Path> files = Files.list(jars)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().matches("(org\\.keycloak\\.)?keycloak-.*\\.jar")).toList()) {
                eachClass(jar, reader -> keycloak.put(reader.getClassName(), known(reader)));
            }
        }
        assertThat(keycloak).as("Keycloak " + version + " classes read from " + jars).hasSizeGreaterThan(3000);

        Set<String> references = new TreeSet<>();
        eachClass(ProviderJar.path(), reader -> {
            if (reader.getClassName().startsWith("io/github/twofold/") && !reader.getClassName().startsWith("io/github/twofold/shaded/")
                    && !unloadedProviders.containsKey(reader.getClassName())) {
                reader.accept(new References(references), ClassReader.SKIP_FRAMES);
            }
        });
        assertThat(references).as("Keycloak references in Twofold's classes").hasSizeGreaterThan(500);

        assertThat(unloadedProviders.values()).as("SPIs listed as missing on " + version + " (remove the ones it has)")
                .allMatch(spi -> !keycloak.containsKey(spi));

        assertThat(unfetchable.keySet()).as("classes listed as not fetchable for " + version + " (remove the ones that are read)")
                .allMatch(owner -> !keycloak.containsKey(owner));
        List<String> missing = new ArrayList<>();
        Set<String> unchecked = new TreeSet<>();
        for (String reference : references) {
            String owner = owner(reference);
            if (unfetchable.containsKey(owner)) {
                unchecked.add(owner);
            } else if (!resolves(keycloak, reference)) {
                missing.add(reference);
            }
        }
        assertThat(unchecked).as("each class listed as not fetchable is still used (remove the ones that are not)")
                .containsExactlyInAnyOrderElementsOf(unfetchable.keySet());
        List<String> unexpected = missing.stream().filter(m -> !fallbacks.containsKey(m)).toList();
        assertThat(unexpected).as("Keycloak " + version + " lacks these; a supported version must not fail on them (add a fallback)").isEmpty();
        assertThat(missing).as("each listed fallback is still needed on " + version + " (remove the ones that are not)")
                .containsExactlyInAnyOrderElementsOf(fallbacks.keySet());
    }

    /** The class of a reference: {@code owner}, {@code owner.name(desc)} or {@code owner#name}. */
    private static String owner(String reference) {
        int dot = reference.indexOf('.');
        int hash = reference.indexOf('#');
        return dot > 0 ? reference.substring(0, dot) : hash > 0 ? reference.substring(0, hash) : reference;
    }

    /** {@code owner} (a class), {@code owner.name(desc)} (a method) or {@code owner#name} (a field). */
    private static boolean resolves(Map<String, Known> keycloak, String reference) {
        int dot = reference.indexOf('.');
        int hash = reference.indexOf('#');
        String owner = owner(reference);
        if (!keycloak.containsKey(owner)) {
            return false;
        }
        if (dot > 0) {
            return member(keycloak, owner, reference.substring(dot + 1), true, new HashSet<>());
        }
        return hash < 0 || member(keycloak, owner, reference.substring(hash + 1), false, new HashSet<>());
    }

    /** Whether the class or one of its parents has the member; a parent outside Keycloak (the JDK, Jakarta) cannot be checked and counts as having it. */
    private static boolean member(Map<String, Known> keycloak, String owner, String member, boolean method, Set<String> seen) {
        if (owner == null || !seen.add(owner)) {
            return false;
        }
        Known known = keycloak.get(owner);
        if (known == null) {
            return !owner.startsWith("org/keycloak/") && outside(owner, member, method);
        }
        if ((method ? known.methods() : known.fields()).contains(member)) {
            return true;
        }
        if (member.startsWith("<init>")) {
            return false;
        }
        if (member(keycloak, known.superName(), member, method, seen)) {
            return true;
        }
        return known.interfaces().stream().anyMatch(i -> member(keycloak, i, member, method, seen));
    }

    /**
     * A parent outside Keycloak (the JDK, Jakarta APIs): looked up on this test's class path, which
     * has the same APIs; one that is not there cannot be checked and counts as having the member.
     */
    private static boolean outside(String owner, String member, boolean method) {
        Class<?> type;
        try {
            type = Class.forName(owner.replace('/', '.'), false, SupportedKeycloakApiTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError unknown) {
            return true;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (declares(c, member, method)) {
                return true;
            }
        }
        List<Class<?>> interfaces = new ArrayList<>(List.of(type.getInterfaces()));
        for (int i = 0; i < interfaces.size(); i++) {
            if (declares(interfaces.get(i), member, method)) {
                return true;
            }
            interfaces.addAll(List.of(interfaces.get(i).getInterfaces()));
        }
        return method && declares(Object.class, member, true);
    }

    private static boolean declares(Class<?> type, String member, boolean method) {
        if (!method) {
            return java.util.Arrays.stream(type.getDeclaredFields()).anyMatch(f -> f.getName().equals(member));
        }
        return java.util.Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> (m.getName() + Type.getMethodDescriptor(m)).equals(member));
    }

    private static Known known(ClassReader reader) {
        Set<String> methods = new HashSet<>();
        Set<String> fields = new HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                methods.add(name + descriptor);
                return null;
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                fields.add(name);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new Known(reader.getSuperName(), List.of(reader.getInterfaces()), methods, fields);
    }

    private interface ClassConsumer {
        void accept(ClassReader reader) throws IOException;
    }

    private static void eachClass(Path jar, ClassConsumer consumer) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")).toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    consumer.accept(new ClassReader(in));
                }
            }
        }
    }

    /** Collects the Keycloak classes, methods and fields a class refers to. */
    private static final class References extends ClassVisitor {

        private final Set<String> into;

        References(Set<String> into) {
            super(Opcodes.ASM9);
            this.into = into;
        }

        private void type(Type type) {
            Type t = type.getSort() == Type.ARRAY ? type.getElementType() : type;
            if (t.getSort() == Type.OBJECT && t.getInternalName().startsWith("org/keycloak/")) {
                into.add(t.getInternalName());
            }
        }

        private void descriptor(String descriptor) {
            Type type = Type.getType(descriptor);
            if (type.getSort() == Type.METHOD) {
                type(type.getReturnType());
                for (Type argument : type.getArgumentTypes()) {
                    type(argument);
                }
            } else {
                type(type);
            }
        }

        private void method(String owner, String name, String descriptor) {
            if (owner.startsWith("org/keycloak/")) {
                into.add(owner + "." + name + descriptor);
            }
            descriptor(descriptor);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            if (superName != null) {
                type(Type.getObjectType(superName));
            }
            for (String i : interfaces) {
                type(Type.getObjectType(i));
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            descriptor(descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            descriptor(descriptor);
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor, boolean isInterface) {
                    if (owner.startsWith("[")) {
                        return; // clone() of an array
                    }
                    method(owner, methodName, methodDescriptor);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String fieldName, String fieldDescriptor) {
                    if (owner.startsWith("org/keycloak/")) {
                        into.add(owner + "#" + fieldName);
                    }
                    descriptor(fieldDescriptor);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    type(type.startsWith("[") ? Type.getType(type) : Type.getObjectType(type));
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof Type type) {
                        type(type);
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap, Object... arguments) {
                    descriptor(indyDescriptor);
                    for (Object argument : arguments) {
                        if (argument instanceof Handle handle && !handle.getOwner().startsWith("[")) {
                            if (handle.getTag() <= Opcodes.H_PUTSTATIC) {
                                if (handle.getOwner().startsWith("org/keycloak/")) {
                                    into.add(handle.getOwner() + "#" + handle.getName());
                                }
                            } else {
                                method(handle.getOwner(), handle.getName(), handle.getDesc());
                            }
                        }
                    }
                }
            };
        }
    }
}
