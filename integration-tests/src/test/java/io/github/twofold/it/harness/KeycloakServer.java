package io.github.twofold.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One real Keycloak server process started with {@code bin/kc.sh} from an unpacked distribution.
 *
 * <p>Ports are free ports chosen at start, the log goes to a file, the process runs in its own
 * process group registered with the {@link ProcessReaper}, and {@link #close()} stops it.
 */
public final class KeycloakServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    private final Builder config;
    private final int httpPort;
    private final int managementPort;
    private volatile Process process;
    private volatile long processGroup;
    private boolean startedBefore;

    private KeycloakServer(Builder config) {
        this.config = config;
        this.httpPort = Ports.free();
        this.managementPort = Ports.free();
    }

    public static Builder builder(Path home) {
        return new Builder(home);
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public Path home() {
        return config.home;
    }

    public Path logFile() {
        return config.logFile;
    }

    public String log() {
        try {
            return Files.readString(config.logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's process group (kc.sh and the JVM it starts), for CPU accounting; 0 when stopped. */
    public long processGroup() {
        return process == null ? 0 : processGroup;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public KeycloakServer start() {
        long started = System.nanoTime();
        try {
            install();
            List<String> command = new ArrayList<>(BackgroundStarts.niceness());
            command.addAll(List.of("setsid", config.home.resolve("bin/kc.sh").toString()));
            command.addAll(config.command);
            command.add("--http-port=" + httpPort);
            command.add("--http-management-port=" + managementPort);
            command.addAll(config.options);
            if (config.hostnameIsBaseUrl) {
                command.add("--hostname=" + baseUrl());
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(config.home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(config.logFile.toFile()));
            builder.environment().putAll(config.env);
            // a restart appends: the log (and the run's secret scan) keeps what the server wrote before
            Files.writeString(config.logFile, "# " + String.join(" ", command) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    startedBefore ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            startedBefore = true;
            process = builder.start();
            // setsid without a fork: the pid is the new process group id.
            processGroup = process.pid();
            ProcessReaper.get(config.workDir).register(processGroup);
            awaitReady();
            BackgroundStarts.restorePriority(processGroup);
            System.out.printf("[twofold-it] Keycloak %s ready at %s in %.1f s (log: %s)%n", config.name, baseUrl(),
                    (System.nanoTime() - started) / 1e9, config.logFile);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak " + config.name, e);
        }
    }

    /**
     * Runs {@code kc.sh build} with {@code args} on this server's distribution, with the provider
     * JARs in place (production mode: {@code start --optimized} then uses what this built). The
     * output goes to {@code keycloak-<name>-build.log}.
     */
    public KeycloakServer runBuild(String... args) {
        Path buildLog = config.workDir.resolve("keycloak-" + config.name + "-build.log");
        try {
            install();
            List<String> command = new ArrayList<>(BackgroundStarts.niceness());
            command.addAll(List.of(config.home.resolve("bin/kc.sh").toString(), "build"));
            command.addAll(List.of(args));
            Files.writeString(buildLog, "# " + String.join(" ", command) + "\n");
            ProcessBuilder builder = new ProcessBuilder(command).directory(config.home.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(buildLog.toFile()));
            builder.environment().putAll(config.env);
            Process build = builder.start();
            if (!build.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build did not finish within 5 minutes (log: " + buildLog + ")");
            }
            if (build.exitValue() != 0) {
                List<String> lines = Files.readAllLines(buildLog);
                throw new IllegalStateException("kc.sh build failed with " + build.exitValue() + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build Keycloak " + config.name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building Keycloak " + config.name, e);
        }
    }

    private void install() throws IOException {
        Files.createDirectories(config.logFile.getParent());
        Path providers = config.home.resolve("providers");
        Files.createDirectories(providers);
        // A JAR already in place (a restart, or a second node on the same distribution) stays, so a
        // running node's JAR is not replaced under it and Keycloak sees no provider change.
        if (config.providerJar != null && !sameFile(config.providerJar, providers.resolve(config.providerJar.getFileName()))) {
            try (var existing = Files.list(providers)) {
                for (Path p : existing.filter(p -> p.getFileName().toString().startsWith("twofold-")).toList()) {
                    Files.delete(p);
                }
            }
            Files.copy(config.providerJar, providers.resolve(config.providerJar.getFileName()),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
        for (Path extra : config.extraProviders) {
            Path target = providers.resolve(extra.getFileName());
            if (!sameFile(extra, target)) {
                Files.copy(extra, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path importDir = config.home.resolve("data/import");
        Files.createDirectories(importDir);
        for (Map.Entry<String, Path> realm : config.realmImports.entrySet()) {
            Files.copy(realm.getValue(), importDir.resolve(realm.getKey() + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        return Files.exists(b) && Files.size(a) == Files.size(b)
                && Files.getLastModifiedTime(a).equals(Files.getLastModifiedTime(b))
                && java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        URI probe = URI.create(baseUrl() + "/realms/" + config.readinessRealm);
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak " + config.name + " exited with " + process.exitValue()
                        + " during start; log tail:\n" + tail(60));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            ProcessReaper.sleep(250);
        }
        close();
        throw new IllegalStateException("Keycloak " + config.name + " not ready within " + STARTUP_TIMEOUT + "; log tail:\n" + tail(60));
    }

    public String tail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Stops the server and starts it again on the same ports with the same options. */
    public KeycloakServer restart() {
        close();
        return start();
    }

    /** Stops the server (SIGTERM to its process group, SIGKILL after 20 s). */
    @Override
    public void close() {
        if (process != null) {
            ProcessReaper.get(config.workDir).stopGroup(processGroup, 20);
            process = null;
        }
    }

    public static final class Builder {
        private final Path home;
        private String name = "server";
        private Path workDir;
        private Path logFile;
        private Path providerJar;
        private final List<Path> extraProviders = new ArrayList<>();
        private String readinessRealm = "master";
        private final List<String> command = new ArrayList<>(List.of("start-dev", "--db=dev-mem"));
        private final List<String> options = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, Path> realmImports = new LinkedHashMap<>();
        private boolean hostnameIsBaseUrl;

        private Builder(Path home) {
            this.home = home;
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** Replaces the default {@code start-dev --db=dev-mem}. */
        public Builder command(String... args) {
            command.clear();
            command.addAll(List.of(args));
            return this;
        }

        public Builder option(String option) {
            options.add(option);
            return this;
        }

        /** Drops the options that start with {@code prefix} (e.g. a development-only setting). */
        public Builder withoutOption(String prefix) {
            options.removeIf(o -> o.startsWith(prefix));
            return this;
        }

        /** Sets {@code --hostname} to this server's own base URL (its port is chosen at build()). */
        public Builder hostnameIsBaseUrl() {
            this.hostnameIsBaseUrl = true;
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** The realm whose page must answer before the server counts as ready (default: master). */
        public Builder readinessRealm(String realm) {
            this.readinessRealm = realm;
            return this;
        }

        /** Adds JVM options to JAVA_OPTS_APPEND (after any set before). */
        public Builder appendJavaOpts(String opts) {
            env.merge("JAVA_OPTS_APPEND", opts, (a, b) -> a + " " + b);
            return this;
        }

        public Builder providerJar(Path jar) {
            this.providerJar = jar;
            return this;
        }

        /** Another provider JAR for this server only (e.g. the tests' clock), kept across restarts. */
        public Builder extraProvider(Path jar) {
            extraProviders.add(jar);
            return this;
        }

        public Builder importRealm(String realm, Path file) {
            realmImports.put(realm, file);
            readinessRealm = realm;
            if (!options.contains("--import-realm")) {
                options.add("--import-realm");
            }
            return this;
        }

        public KeycloakServer build() {
            if (workDir == null) {
                throw new IllegalStateException("workDir is required");
            }
            logFile = workDir.resolve("keycloak-" + name + ".log");
            return new KeycloakServer(this);
        }
    }
}
