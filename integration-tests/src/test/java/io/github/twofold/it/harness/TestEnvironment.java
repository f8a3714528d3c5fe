package io.github.twofold.it.harness;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.testsupport.OidcClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything a test run shares: ONE Keycloak (demo realm imported, Twofold JAR installed), the
 * SMS gateway stub, the demo application's callback, the admin API and the secret scanner.
 * Created on first use, closed when the JUnit root store closes (and by the {@link ProcessReaper}
 * whatever happens).
 */
public final class TestEnvironment implements AutoCloseable {

    public static final String REALM = "demo";
    public static final String CLIENT = "demo-app";

    /** Bound on each gateway call in the test server (the failover tests wait this long for a hanging gateway). */
    public static final int GATEWAY_TIMEOUT_MS = 2000;
    /**
     * The full benchmark's heap: Keycloak's container default (70 % of the memory) in a 3 GiB
     * container, fixed so that the heap does not grow during the measured rounds.
     */
    public static final String BENCHMARK_HEAP = "-Xms2g -Xmx2g";

    private static final AtomicInteger USERS = new AtomicInteger();

    private final Path workDir;
    private final TwilioStub sms;
    private final CallbackServer callback;
    private final KeycloakServer server;
    private final AdminApi admin;
    private final Object secondLock = new Object();
    private KeycloakServer second;

    TestEnvironment() {
        workDir = Path.of(required("twofold.work.dir"));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessReaper.get(workDir);
        sms = new TwilioStub();
        callback = new CallbackServer();
        SecretScanner.get().register("Twilio auth token", TwilioStub.AUTH_TOKEN);
        SecretScanner.get().register("HTTP gateway token", TwilioStub.HTTP_GATEWAY_TOKEN);
        SecretScanner.get().register("HTTP gateway status secret", TwilioStub.HTTP_STATUS_SECRET);
        SecretScanner.get().register("webhook secret", TwilioStub.WEBHOOK_SECRET);
        server = withTwofold(KeycloakServer.builder(Path.of(required("twofold.keycloak.home"))), sms)
                .name("main")
                .workDir(workDir)
                .importRealm(REALM, Path.of(required("twofold.realm.file")))
                .option("--spi-ciba-auth-channel--ciba-http-auth-channel--http-authentication-channel-uri=" + callback.cibaChannelUri())
                .build()
                .start();
        admin = new AdminApi(server.baseUrl());
        // Every test comes from 127.0.0.1. In the demo realm, which many tests share, the per-address
        // budget (20 texts an hour) would make a test's send depend on how many others ran in the same
        // clock hour; the tests of that budget use realms of their own (LimitsIT, ProductionSmoke).
        admin.setPolicy(REALM, "smsPerIpPerHour", "100000");
        admin.put("/admin/realms/" + REALM, Map.of("passwordPolicy", TEST_PASSWORD_HASHING)).expect(204);
        BackgroundStarts.begin(this, RunPlan.used());
    }

    /**
     * What every test server gets: the Twofold JAR, metrics, and the SMS gateways (Twilio through
     * the SDK first, the generic HTTP gateway as failover; both on the stub).
     */
    public static KeycloakServer.Builder withTwofold(KeycloakServer.Builder builder, TwilioStub sms) {
        return withTwofoldOnly(builder, sms).extraProvider(Path.of(required("twofold.test.clock.jar")))
                // Keycloak's default brute-force detector answers "temporarily disabled" to a request of
                // a user while it still records that user's previous sign-in or failure on a background
                // thread; the tests post their next form within milliseconds, which no person does. Test
                // servers let such requests through (Keycloak's own option; failures are still counted),
                // so that the tests see Twofold's guarantees; the production servers keep the default.
                .option("--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true")
                // Routing by country (SmsRoutingIT): Switzerland only through the HTTP gateway,
                // Liechtenstein only through Twilio, every other country through both.
                .option("--spi-twofold-sms-gateway--twilio--exclude-countries=CH")
                .option("--spi-twofold-sms-gateway--http--exclude-countries=LI")
                // A country database (NewCountryAlertIT): 127.0.0.1 in Germany, 127.0.0.2 in France.
                .option("--spi-twofold-geoip--maxmind--database=" + GeoIpDatabase.file())
                // The recovery's timer (AccountRecoveryIT) looks for ended waiting periods every 2 s, not every 5 minutes.
                .option("--spi-credential--twofold-recovery--check-interval-seconds=2")
                // Twilio's delivery reports (SmsDeliveryReportIT): each message names the realm's callback address.
                .option("--spi-twofold-sms-gateway--twilio--status-callbacks=true");
    }

    /** As {@link #withTwofold}, without the tests' clock: the JAR alone, as an operator installs it. */
    public static KeycloakServer.Builder withTwofoldOnly(KeycloakServer.Builder builder, TwilioStub sms) {
        boolean fullBenchmark = "full".equals(System.getProperty("twofold.benchmark"));
        KeycloakServer.Builder server = builder
                .providerJar(Path.of(required("twofold.provider.jar")))
                .option("--log-console-color=false")
                .option("--metrics-enabled=true")
                .option("--spi-twofold-sms-gateway--twilio--account-sid=" + TwilioStub.ACCOUNT_SID)
                .option("--spi-twofold-sms-gateway--twilio--from=" + TwilioStub.FROM)
                .option("--spi-twofold-sms-gateway--twilio--voice-from=" + TwilioStub.VOICE_FROM)
                .option("--spi-twofold-sms-gateway--twilio--base-url=" + sms.baseUrl())
                .option("--spi-twofold-sms-gateway--twilio--timeout-ms=" + GATEWAY_TIMEOUT_MS)
                .option("--spi-twofold-sms-gateway--http--url=" + sms.httpGatewayUrl())
                .option("--spi-twofold-sms-gateway--http--voice-url=" + sms.httpVoiceUrl())
                .option("--spi-twofold-sms-gateway--http--timeout-ms=" + GATEWAY_TIMEOUT_MS)
                // Twilio Verify (TwilioVerifyIT): first for Austrian numbers only, Twilio and the HTTP gateway behind it
                .option("--spi-twofold-sms-gateway--twilio-verify--account-sid=" + TwilioStub.ACCOUNT_SID)
                .option("--spi-twofold-sms-gateway--twilio-verify--service-sid=" + TwilioStub.VERIFY_SERVICE_SID)
                .option("--spi-twofold-sms-gateway--twilio-verify--base-url=" + sms.baseUrl())
                .option("--spi-twofold-sms-gateway--twilio-verify--timeout-ms=" + GATEWAY_TIMEOUT_MS)
                .option("--spi-twofold-sms-gateway--twilio-verify--countries=AT")
                .option("--spi-twofold-sms-gateway--twilio-verify--calls=true")
                .option("--spi-events-listener--twofold-webhook--url=" + sms.webhookUrl())
                .option("--spi-events-listener--twofold-webhook--timeout-ms=1000")
                .option("--spi-events-listener--twofold-webhook--max-attempts=2")
                // Secrets only through the environment: the command line is written into the log.
                .env("KC_SPI_TWOFOLD_SMS_GATEWAY__TWILIO__AUTH_TOKEN", TwilioStub.AUTH_TOKEN)
                .env("KC_SPI_TWOFOLD_SMS_GATEWAY__TWILIO_VERIFY__AUTH_TOKEN", TwilioStub.AUTH_TOKEN)
                .env("KC_SPI_TWOFOLD_SMS_GATEWAY__HTTP__BEARER_TOKEN", TwilioStub.HTTP_GATEWAY_TOKEN)
                // the HTTP gateway's delivery reports (SmsDeliveryReportIT)
                .env("KC_SPI_TWOFOLD_SMS_GATEWAY__HTTP__STATUS_SECRET", TwilioStub.HTTP_STATUS_SECRET)
                .env("KC_SPI_EVENTS_LISTENER__TWOFOLD_WEBHOOK__SECRET", TwilioStub.WEBHOOK_SECRET)
                // start-dev re-reads templates on every page; production caches them, and so do we.
                .option("--spi-theme--cache-themes=true")
                .option("--spi-theme--cache-templates=true")
                // C1 only starts faster; the full benchmark measures the steady state with both compilers.
                .env("JAVA_OPTS_APPEND", fullBenchmark ? "" : "-XX:TieredStopAtLevel=1")
                // e.g. -Dtwofold.it.serverJavaOpts=-XX:StartFlightRecording=dumponexit=true,filename=/tmp/kc.jfr to profile the server
                .appendJavaOpts(System.getProperty("twofold.it.serverJavaOpts", ""));
        // The full benchmark's server holds its in-memory database in its heap: Keycloak's default
        // outside a container (512 MB, which the other servers keep) made garbage collection grow with every row written.
        return fullBenchmark ? server.env("JAVA_OPTS_KC_HEAP", BENCHMARK_HEAP) : server;
    }

    /**
     * Another server of this run, on the distribution copy {@code keycloak-extra}, for tests that
     * need other runtime options (IPv6, a half-configured gateway, the admin console's tab). All of
     * them get the same build options (the console feature, the demo inbox switched on next to the
     * real gateways), so Keycloak builds that copy once per run, not once per server. The second
     * server is up first: two starts on one copy at once would both build it.
     */
    public KeycloakServer.Builder extraServer(String name) {
        secondServer();
        return extraServerBuilder(name);
    }

    private KeycloakServer.Builder extraServerBuilder(String name) {
        Path home = Cluster.copyDistribution(workDir.resolve("keycloak-extra"));
        return withTwofold(KeycloakServer.builder(home), sms).name(name).workDir(workDir)
                .option("--features=declarative-ui")
                .option("--spi-twofold-sms-gateway--dev-inbox--enabled=true");
    }

    /**
     * The run's second server ({@link #extraServer}): the demo realm, the admin console's feature,
     * the demo inbox switched on next to the real gateways, and listening on IPv6 as well where the
     * machine has it. Started once, on first use or in the background ({@link OtherServer#SECOND});
     * stopped with the run. Tests that use it change only realms of their own.
     */
    public KeycloakServer secondServer() {
        synchronized (secondLock) {
            if (second == null) {
                KeycloakServer.Builder builder = extraServerBuilder("second")
                        .importRealm(REALM, Path.of(required("twofold.realm.file")))
                        // no gateway serves Switzerland here (GatewayConfigIT): neither Twilio nor the HTTP gateway
                        .withoutOption("--spi-twofold-sms-gateway--http--exclude-countries=")
                        .option("--spi-twofold-sms-gateway--http--exclude-countries=CH");
                if (Ports.ipv6Loopback()) {
                    builder.option("--http-host=::");
                }
                second = builder.build().start();
            }
            return second;
        }
    }

    /** The second server's log, when it was started in this run. */
    public Optional<String> secondServerLog() {
        synchronized (secondLock) {
            return Optional.ofNullable(second).map(KeycloakServer::log);
        }
    }

    public static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run the tests through Maven)");
        }
        return value;
    }

    public Path workDir() {
        return workDir;
    }

    public KeycloakServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public AdminApi admin() {
        return admin;
    }

    public TwilioStub sms() {
        return sms;
    }

    /** The server's clock, to move time in a test (try-with-resources puts it back). */
    public TestClock clock() {
        return new TestClock(server.baseUrl(), true);
    }

    /** The application side on loopback: redirects, and the CIBA authentication device. */
    public CallbackServer callback() {
        return callback;
    }

    public SecretScanner secrets() {
        return SecretScanner.get();
    }

    /** A new OIDC client for the demo application, redirecting to the loopback callback. */
    public OidcClient oidc() {
        return oidc(REALM);
    }

    public OidcClient oidc(String realm) {
        return oidc(server.baseUrl(), realm);
    }

    /** Another client of a realm on this server (e.g. {@code admin-cli} for the password grant). */
    public OidcClient client(String realm, String clientId) {
        return new OidcClient(server.baseUrl(), realm, clientId, callback.redirectUri());
    }

    /** The demo application's client on another server (a cluster node). */
    public OidcClient oidc(String baseUrl, String realm) {
        return new OidcClient(baseUrl, realm, CLIENT, callback.redirectUri());
    }

    /** Keycloak's Account REST API of a realm (called with a user's bearer token). */
    public AccountApi accountApi(String realm) {
        return new AccountApi(server.baseUrl(), realm);
    }

    /** A new cookie jar for form-level logins without a browser. */
    public HttpLogin httpLogin() {
        return new HttpLogin(callback.redirectUri(), StallWitness::record);
    }

    /** A fresh user in the demo realm with a random password; the username carries the prefix. */
    public TestUser newUser(String prefix) {
        return newUser(REALM, prefix, Map.of());
    }

    public TestUser newUser(String realm, String prefix, Map<String, Object> extra) {
        return newUser(admin, realm, prefix, extra);
    }

    /** A fresh user created through another server's admin API (a cluster node). */
    public TestUser newUser(AdminApi via, String realm, String prefix, Map<String, Object> extra) {
        return create(via, realm, prefix, extra, null);
    }

    /** A fresh user with a verified phone (a random number, stored through Twofold's credential provider). */
    public TestUser newUserWithPhone(String prefix) {
        return newUserWithPhone(REALM, prefix);
    }

    public TestUser newUserWithPhone(String realm, String prefix) {
        return newUserWithPhone(admin, realm, prefix);
    }

    public TestUser newUserWithPhone(AdminApi via, String realm, String prefix) {
        return newUserWithPhone(via, realm, prefix, Phones.random());
    }

    /** A user whose phone is {@code phone} (E.164). */
    public TestUser newUserWithPhone(AdminApi via, String realm, String prefix, String phone) {
        java.util.List<Map<String, Object>> credentials = java.util.List.of(Map.of(
                "type", "twofold-sms",
                "secretData", "{\"phone\":\"" + phone + "\"}",
                "credentialData", "{}"));
        return create(via, realm, prefix, Map.of("credentials", credentials), phone);
    }

    /**
     * A user with a phone AND an authenticator app (TOTP secret returned in {@link TestUser#totpSecret()}).
     * The phone comes first in the user's credential order, so the second-factor page offers SMS
     * first and the app under "Try another way" (credentials imported in one request can share a
     * priority, which left the order to chance).
     */
    public TestUser newUserWithPhoneAndTotp(String realm, String prefix) {
        String phone = Phones.random();
        String secret = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        java.util.List<Map<String, Object>> credentials = java.util.List.of(
                Map.of("type", "twofold-sms", "secretData", "{\"phone\":\"" + phone + "\"}", "credentialData", "{}"),
                Totp.credential(secret));
        TestUser user = create(admin, realm, prefix, Map.of("credentials", credentials), phone);
        admin.moveCredentialToFirst(realm, user.id(), "twofold-sms");
        return new TestUser(user.realm(), user.id(), user.username(), user.password(), user.email(), phone, secret);
    }

    private static TestUser create(AdminApi admin, String realm, String prefix, Map<String, Object> extra, String phone) {
        String username = Names.unique(prefix + "-" + USERS.incrementAndGet(), 6);
        String password = "Pw-" + UUID.randomUUID();
        String id = admin.createUser(realm, username, password, extra);
        return new TestUser(realm, id, username, password, username + "@example.test", phone, null);
    }

    /**
     * How the test realms hash passwords: PBKDF2 with 1,000 iterations instead of Keycloak's default
     * (Argon2, about 65 ms of CPU per hash on 2 cores). Every created user and every password
     * sign-in hashes once, a few thousand times a run; what Twofold does is the same under either
     * hash. The benchmarks keep Keycloak's default.
     */
    static final String TEST_PASSWORD_HASHING = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1000)";

    /**
     * A realm like the demo realm (same flows, client, mappers; no users) with its own policy
     * settings, for tests that need other limits than the demo's.
     */
    public String realmWithPolicy(String prefix, Map<String, String> policy) {
        return realmWithPolicy(prefix, policy, Map.of());
    }

    /** A realm like the demo realm whose e-mail goes to {@code smtp}, a loopback SMTP server (security e-mails). */
    public String realmWithMail(SmtpStub smtp, String prefix, Map<String, String> policy) {
        return realmWithPolicy(prefix, policy, Map.of("quickLoginCheckMilliSeconds", 1,
                "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(smtp.port()), "from", "security@twofold.test",
                        "fromDisplayName", "Twofold demo")));
    }

    /** As {@link #realmWithPolicy(String, Map)}, with realm attributes overridden (e.g. brute-force settings). */
    public String realmWithPolicy(String prefix, Map<String, String> policy, Map<String, Object> realmSettings) {
        return realmWithPolicy(admin, prefix, policy, realmSettings);
    }

    /** As above, created through another server's admin API (a cluster node). */
    public static String realmWithPolicy(AdminApi admin, String prefix, Map<String, String> policy, Map<String, Object> realmSettings) {
        String name = Names.unique(prefix);
        try {
            com.fasterxml.jackson.databind.node.ObjectNode realm = (com.fasterxml.jackson.databind.node.ObjectNode)
                    Json.parse(Files.readString(Path.of(System.getProperty("twofold.realm.file"))));
            realm.put("realm", name);
            realm.remove("users");
            realm.remove("id");
            com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode)
                    realm.path("components").path("io.github.twofold.policy.TwofoldPolicyProvider").get(0).path("config");
            // The demo realm offers trusted browsers; a test realm does only where the test says so,
            // so that every other test sees the second factor (and no offer page) on every sign-in.
            config.putArray("trustedBrowserDays").add("0");
            policy.forEach((k, v) -> config.putArray(k).add(v));
            realm.put("passwordPolicy", TEST_PASSWORD_HASHING);
            RealmKeys.give(realm);
            realmSettings.forEach((k, v) -> realm.set(k, Json.MAPPER.valueToTree(v)));
            if (realmSettings.containsKey("quickLoginCheckMilliSeconds") && !realmSettings.containsKey("minimumQuickLoginWaitSeconds")) {
                // Keycloak's quick-login check can still trip when its brute-force queue handles two
                // failures within one millisecond; a test that turns it off turns off its wait too.
                realm.put("minimumQuickLoginWaitSeconds", 0);
            }
            admin.post("/admin/realms", realm).expect(201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    @Override
    public void close() {
        try {
            BackgroundStarts.await();
            ProductionServer.closeAll();
            UpgradedServer.closeAll();
            Cluster.closeAll();
            MariaDbNode.closeAll();
            synchronized (secondLock) {
                if (second != null) {
                    second.close();
                }
            }
            server.close();
        } finally {
            sms.close();
            callback.close();
        }
    }
}
