package io.github.twofold.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak as an operator runs it in production: {@code kc.sh build} (PostgreSQL, health and
 * metrics) with the Twofold JAR in {@code providers/}, then {@code kc.sh start --optimized} behind a
 * reverse proxy (X-Forwarded headers trusted from 127.0.0.1 only, a fixed public hostname), with
 * no test-only provider. One per Keycloak distribution, on a fresh database of the machine's
 * PostgreSQL; started on first use, stopped with the run.
 */
public final class ProductionServer {

    private static final Map<String, ProductionServer> STARTED = new LinkedHashMap<>();

    private final String version;
    private final KeycloakServer server;
    private final AdminApi admin;

    private ProductionServer(TestEnvironment env, Path distribution, String version, List<String> buildOptions) {
        this.version = version;
        String database = "twofold_it_prod_" + version.replaceAll("[^0-9A-Za-z]", "_");
        Cluster.recreateDatabase(database);
        Path home = Cluster.copyDistribution(distribution, env.workDir().resolve("keycloak-prod-" + version));
        server = TestEnvironment.withTwofoldOnly(KeycloakServer.builder(home), env.sms())
                .name("prod-" + version)
                .workDir(env.workDir())
                // the operator's country database (the suite's: 127.0.0.1 Germany, 127.0.0.2 France)
                .option("--spi-twofold-geoip--maxmind--database=" + GeoIpDatabase.file())
                // start-dev's theme settings are production's defaults; metrics is a build option here
                .withoutOption("--spi-theme--")
                .withoutOption("--metrics-enabled")
                .command("start", "--optimized",
                        "--db-url=jdbc:postgresql://" + Cluster.HOST + "/" + database,
                        "--db-username=" + Cluster.USER,
                        "--http-enabled=true",
                        "--proxy-headers=xforwarded",
                        "--proxy-trusted-addresses=127.0.0.1",
                        "--spi-ciba-auth-channel--ciba-http-auth-channel--http-authentication-channel-uri=" + env.callback().cibaChannelUri())
                .hostnameIsBaseUrl()
                .env("KC_DB_PASSWORD", Cluster.PASSWORD)
                // Keycloak's cache cluster on loopback, on a port of its own (another node may hold 7800)
                .appendJavaOpts("-Djgroups.bind.address=127.0.0.1 -Djgroups.bind.port=" + Ports.free())
                .importRealm(TestEnvironment.REALM, Path.of(TestEnvironment.required("twofold.realm.file")))
                .build()
                .runBuild(buildOptions.toArray(String[]::new))
                .start();
        admin = new AdminApi(server.baseUrl());
    }

    /** The production server of the suite's Keycloak (the version the whole suite runs on). */
    public static synchronized ProductionServer get(TestEnvironment env) {
        return of(env, "twofold.keycloak.home", "twofold.keycloak.version", List.of());
    }

    /**
     * The production server of the oldest Keycloak Twofold supports, with the admin console's
     * feature {@code declarative-ui} on (the Twofold tab is tried there too; the suite's own
     * version tries it on the second server).
     */
    public static synchronized ProductionServer oldest(TestEnvironment env) {
        return of(env, "twofold.oldest.keycloak.home", "twofold.oldest.keycloak.version", List.of("--features=declarative-ui"));
    }

    private static ProductionServer of(TestEnvironment env, String homeProperty, String versionProperty, List<String> moreBuildOptions) {
        String version = TestEnvironment.required(versionProperty);
        ProductionServer started = STARTED.get(version);
        if (started == null) {
            List<String> build = new ArrayList<>(List.of("--db=postgres", "--health-enabled=true", "--metrics-enabled=true"));
            build.addAll(moreBuildOptions);
            started = new ProductionServer(env, Path.of(TestEnvironment.required(homeProperty)), version, build);
            STARTED.put(version, started);
        }
        return started;
    }

    public static synchronized List<String> logs() {
        List<String> logs = new ArrayList<>();
        STARTED.values().forEach(s -> logs.add(s.server.log()));
        return logs;
    }

    public static synchronized void closeAll() {
        STARTED.values().forEach(s -> s.server.close());
        STARTED.clear();
    }

    public String version() {
        return version;
    }

    public KeycloakServer server() {
        return server;
    }

    public AdminApi admin() {
        return admin;
    }
}
