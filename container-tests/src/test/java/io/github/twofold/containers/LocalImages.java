package io.github.twofold.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The container images the tests run: built on this machine by {@code containers/build-images.sh}
 * (no image registry is needed), built on first use when missing. Without a Docker engine the
 * tests are skipped, saying why.
 */
final class LocalImages {

    static final Path ROOT = Path.of(System.getProperty("twofold.project.root")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("twofold.keycloak.version");
    static final String KEYCLOAK = "twofold-local/keycloak:" + VERSION;
    static final DockerImageName POSTGRES = DockerImageName.parse("twofold-local/postgres:15").asCompatibleSubstituteFor("postgres");
    static final Path WORK = Path.of(System.getProperty("twofold.work.dir"));

    private static boolean checked;
    private static String unavailable;

    private LocalImages() {
    }

    /**
     * Why the container tests cannot run here, or null when they can: then the images exist (built
     * now when one was missing).
     */
    static synchronized String unavailableReason() {
        if (checked) {
            return unavailable;
        }
        checked = true;
        if (!DockerClientFactory.instance().isDockerAvailable() || run(List.of("docker", "info"), null, 60) != 0) {
            unavailable = "no Docker engine answers (.ci/run starts dockerd); the container tests need one, and the docker command";
            return unavailable;
        }
        List<String> needed = List.of(KEYCLOAK, POSTGRES.asCanonicalNameString(), "quay.io/keycloak/keycloak:" + VERSION, "postgres:17");
        if (!needed.stream().allMatch(LocalImages::exists)) {
            if (!root()) {
                unavailable = "the container images are not built yet, and building them needs root (debootstrap): run "
                        + "sudo containers/build-images.sh " + VERSION + " once";
                return unavailable;
            }
            build();
        }
        return null;
    }

    /** Skips the calling test, saying why, when the container tests cannot run here. */
    static void assumeAvailable(String test) {
        String reason = unavailableReason();
        if (reason != null) {
            System.out.println("[twofold-containers] SKIPPED " + test + ": " + reason);
        }
        assumeTrue(reason == null, reason);
    }

    private static boolean root() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            return new String(id.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean exists(String image) {
        return run(List.of("docker", "image", "inspect", image), null, 60) == 0;
    }

    private static void build() {
        Path log = WORK.resolve("build-images.log");
        System.out.println("[twofold-containers] building the container images (a few minutes the first time; log: " + log + ")");
        int exit = run(List.of("bash", ROOT.resolve("containers/build-images.sh").toString(), VERSION), log, 1800);
        if (exit != 0) {
            throw new IllegalStateException("containers/build-images.sh failed with " + exit + "; see " + log);
        }
    }

    /** Runs a command; its output goes to {@code log} (appended) or nowhere. Returns the exit code. */
    static int run(List<String> command, Path log, long timeoutSeconds) {
        if (log == null && !onPath(command.get(0))) {
            return 127;
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (log != null) {
                Files.createDirectories(log.getParent());
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            } else {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            builder.environment().put("DOCKER_BUILDKIT", "0");
            builder.environment().put("COMPOSE_DOCKER_CLI_BUILD", "0");
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** The deployable JAR the build made ({@code provider/target/deploy}). */
    static Path providerJar() {
        try (var files = Files.list(ROOT.resolve("provider/target/deploy"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no JAR in provider/target/deploy: build the provider first"));
        } catch (IOException e) {
            throw new IllegalStateException("no provider/target/deploy: build the provider first", e);
        }
    }
}
