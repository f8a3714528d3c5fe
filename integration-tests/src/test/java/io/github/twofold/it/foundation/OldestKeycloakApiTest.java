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
 * Nothing in the JAR calls a Keycloak API that the oldest supported Keycloak lacks. Twofold is
 * compiled against the newest; this reads every Twofold class's bytecode and looks each Keycloak
 * class, method and field it references up in the oldest distribution's own jars (inherited
 * members included). A reference that is missing there on purpose, because the code around it
 * falls back, is listed below with the fallback, and the list must stay exact.
 */
class OldestKeycloakApiTest {

    private static final Path OLDEST = Path.of(System.getProperty("twofold.oldest.keycloak.home"));
    private static final String VERSION = System.getProperty("twofold.oldest.keycloak.version");

    /** Missing on the oldest version, and each caught there (NoSuchMethodError) with a fallback. */
    private static final Map<String, String> FALLBACKS = Map.of(
            "org/keycloak/services/managers/BruteForceProtector.failedLogin(Lorg/keycloak/models/RealmModel;Lorg/keycloak/models/UserModel;"
                    + "Lorg/keycloak/common/ClientConnection;Ljakarta/ws/rs/core/UriInfo;Ljava/util/Set;)V",
            "KeycloakBruteForce counts a failed login instead (OldestKeycloakIT: wrong codes)",
            "org/keycloak/services/cors/Cors.checkAllowedOrigins(Lorg/keycloak/representations/AccessToken;)Lorg/keycloak/services/cors/Cors;",
            "CorsOrigins calls allowedOrigins(AccessToken) instead (OldestKeycloakIT.theAppApiAnswersWithCors)");

    /**
     * Twofold's providers of an SPI the oldest version does not have, with that SPI's factory
     * interface: Keycloak loads a provider only for SPIs it knows, so there these classes are never
     * loaded, and their references are not checked (the SPI must still be missing there).
     */
    private static final Map<String, String> NEWER_SPI_PROVIDERS = Map.of(
            "io/github/twofold/signin/UncheckedSignInRefusalFactory", "org/keycloak/protocol/oidc/token/TokenPostProcessorFactory",
            "io/github/twofold/signin/UncheckedSignInRefusal", "org/keycloak/protocol/oidc/token/TokenPostProcessorFactory",
            "io/github/twofold/signin/UncheckedSignInRefusal$Refusal", "org/keycloak/protocol/oidc/token/TokenPostProcessorFactory");

    /** A class of the oldest Keycloak: its parents and members (name + descriptor). */
    private record Known(String superName, List<String> interfaces, Set<String> methods, Set<String> fields) {
    }

    @Test
    void twofoldReferencesNothingTheOldestSupportedKeycloakLacks() throws IOException {
        Map<String, Known> keycloak = new HashMap<>();
        try (Stream<Path> jars = Files.list(OLDEST.resolve("lib/lib/main"))) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("org.keycloak.")).toList()) {
                eachClass(jar, reader -> keycloak.put(reader.getClassName(), known(reader)));
            }
        }
        assertThat(keycloak).as("Keycloak " + VERSION + " classes read").hasSizeGreaterThan(3000);

        Set<String> references = new TreeSet<>();
        eachClass(ProviderJar.path(), reader -> {
            if (reader.getClassName().startsWith("io/github/twofold/") && !reader.getClassName().startsWith("io/github/twofold/shaded/")
                    && !NEWER_SPI_PROVIDERS.containsKey(reader.getClassName())) {
                reader.accept(new References(references), ClassReader.SKIP_FRAMES);
            }
        });
        assertThat(references).as("Keycloak references in Twofold's classes").hasSizeGreaterThan(500);

        assertThat(NEWER_SPI_PROVIDERS.values()).as("SPIs listed as missing on " + VERSION + " (remove the ones it has)")
                .allMatch(spi -> !keycloak.containsKey(spi));

        List<String> missing = new ArrayList<>();
        for (String reference : references) {
            if (!resolves(keycloak, reference)) {
                missing.add(reference);
            }
        }
        List<String> unexpected = missing.stream().filter(m -> !FALLBACKS.containsKey(m)).toList();
        assertThat(unexpected).as("Keycloak " + VERSION + " lacks these; a supported version must not fail on them (add a fallback)").isEmpty();
        assertThat(missing).as("each listed fallback is still needed (remove the ones that are not)")
                .containsExactlyInAnyOrderElementsOf(FALLBACKS.keySet());
    }

    /** {@code owner} (a class), {@code owner.name(desc)} (a method) or {@code owner#name} (a field). */
    private static boolean resolves(Map<String, Known> keycloak, String reference) {
        int dot = reference.indexOf('.');
        int hash = reference.indexOf('#');
        String owner = dot > 0 ? reference.substring(0, dot) : hash > 0 ? reference.substring(0, hash) : reference;
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
            type = Class.forName(owner.replace('/', '.'), false, OldestKeycloakApiTest.class.getClassLoader());
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
