package io.github.twofold.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    private static final AtomicInteger USERS = new AtomicInteger();

    private final Path workDir;
    private final TwilioStub sms;
    private final CallbackServer callback;
    private final KeycloakServer server;
    private final AdminApi admin;

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
        server = KeycloakServer.builder(Path.of(required("twofold.keycloak.home")))
                .name("main")
                .workDir(workDir)
                .providerJar(Path.of(required("twofold.provider.jar")))
                .importRealm(REALM, Path.of(required("twofold.realm.file")))
                .option("--log-console-color=false")
                .option("--metrics-enabled=true")
                .env("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1")
                .build()
                .start();
        admin = new AdminApi(server.baseUrl());
    }

    private static String required(String property) {
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

    public SecretScanner secrets() {
        return SecretScanner.get();
    }

    /** A new OIDC client for the demo application, redirecting to the loopback callback. */
    public OidcClient oidc() {
        return new OidcClient(server.baseUrl(), REALM, CLIENT, callback.redirectUri());
    }

    /** A new cookie jar for form-level logins without a browser. */
    public HttpLogin httpLogin() {
        return new HttpLogin(callback.redirectUri());
    }

    /** A fresh user in the demo realm with a random password; the username carries the prefix. */
    public TestUser newUser(String prefix) {
        return newUser(prefix, Map.of());
    }

    public TestUser newUser(String prefix, Map<String, Object> extra) {
        String username = (prefix + "-" + USERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6)).toLowerCase();
        String password = "Pw-" + UUID.randomUUID();
        String id = admin.createUser(REALM, username, password, extra);
        return new TestUser(REALM, id, username, password, username + "@example.test");
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            sms.close();
            callback.close();
        }
    }
}
