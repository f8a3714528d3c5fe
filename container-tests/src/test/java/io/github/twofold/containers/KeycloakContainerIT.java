package io.github.twofold.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.OidcClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.utility.MountableFile;

/**
 * The JAR in a Keycloak container started by testcontainers-keycloak, on a PostgreSQL container,
 * the demo realm imported and SMS codes in the dev inbox: what a developer gets who tests their
 * own Keycloak set-up with Twofold the usual container way.
 */
class KeycloakContainerIT {

    private static Network network;
    private static PostgreSQLContainer<?> postgres;
    private static KeycloakContainer keycloak;
    private static final ToStringConsumer LOG = new ToStringConsumer();

    @BeforeAll
    static void start() {
        if (LocalImages.unavailableReason() != null) {
            return;
        }
        network = Network.newNetwork();
        postgres = new PostgreSQLContainer<>(LocalImages.POSTGRES).withNetwork(network).withNetworkAliases("postgres")
                .withDatabaseName("keycloak").withUsername("keycloak").withPassword("keycloak-pw");
        postgres.start();
        keycloak = keycloakContainer();
        try {
            keycloak.start();
        } catch (RuntimeException failed) {
            if (!buildRaceIn(LOG.toUtf8String())) {
                throw failed;
            }
            // Keycloak's own build at start (Quarkus augmentation) can fail now and then with a
            // ConcurrentModificationException in Quarkus's Hibernate processor; a second start succeeds
            System.out.println("[twofold-containers] Keycloak's build at start hit Quarkus's build race; starting once more");
            keycloak.stop();
            keycloak = keycloakContainer();
            keycloak.start();
        }
    }

    private static KeycloakContainer keycloakContainer() {
        return new KeycloakContainer(LocalImages.KEYCLOAK)
                .withNetwork(network)
                .withProviderLibsFrom(List.of(LocalImages.providerJar().toFile()))
                // in the import folder: testcontainers-keycloak starts Keycloak with --import-realm
                .withCopyFileToContainer(MountableFile.forHostPath(LocalImages.ROOT.resolve("realm-export.json")), "/opt/keycloak/data/import/demo-realm.json")
                .withEnv("KC_DB", "postgres")
                .withEnv("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak")
                .withEnv("KC_DB_USERNAME", "keycloak")
                .withEnv("KC_DB_PASSWORD", "keycloak-pw")
                .withEnv("KC_SPI_TWOFOLD_SMS_GATEWAY__DEV_INBOX__ENABLED", "true")
                .withLogConsumer(LOG)
                // the wait only ends at this timeout when the container exits during its build (a start
                // takes about a minute here), so it is no longer than a slow machine needs
                .withStartupTimeout(Duration.ofMinutes(4));
    }

    /** Whether the log shows the known race in Quarkus's augmentation, not a fault of the image or the JAR. */
    static boolean buildRaceIn(String log) {
        return log.contains("ConcurrentModificationException") && log.contains("HibernateOrmProcessor");
    }

    @BeforeEach
    void needsTheEngine() {
        LocalImages.assumeAvailable("KeycloakContainerIT");
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void passwordAndAnSmsCodeFromTheDevInboxGiveLevelTwo() {
        String phone = "+491512345" + String.format("%04d", (int) (Math.random() * 10_000));
        UserRepresentation user = new UserRepresentation();
        user.setUsername("container-user");
        user.setEnabled(true);
        user.setEmail("container-user@example.test");
        user.setEmailVerified(true);
        user.setFirstName("Container");
        user.setLastName("User");
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType("password");
        password.setValue("Container-pw-1");
        password.setTemporary(false);
        CredentialRepresentation sms = new CredentialRepresentation();
        sms.setType("twofold-sms");
        sms.setSecretData("{\"phone\":\"" + phone + "\"}");
        sms.setCredentialData("{}");
        user.setCredentials(List.of(password, sms));
        try (var created = keycloak.getKeycloakAdminClient().realm("demo").users().create(user)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }

        OidcClient app = new OidcClient(keycloak.getAuthServerUrl(), "demo", "demo-app", "http://127.0.0.1/callback");
        HttpLogin login = new HttpLogin(app.redirectUri());
        OidcClient.AuthRequest request = app.authRequest();
        HttpLogin.Page page = login.submit(login.open(request.url()), "kc-form-login", Map.of("username", "container-user", "password", "Container-pw-1"));
        assertThat(page.document().getElementById("kc-twofold-sms-form")).as(page.document().text()).isNotNull();

        HttpLogin.Page inbox = login.open(keycloak.getAuthServerUrl() + "/realms/demo/twofold/dev-inbox");
        String last4 = phone.substring(phone.length() - 4);
        String row = inbox.document().select("tbody tr").stream().map(r -> r.text()).filter(t -> t.contains(last4)).findFirst()
                .orElseThrow(() -> new AssertionError("no SMS to " + last4 + " in the dev inbox: " + inbox.document().text()));
        assertThat(inbox.body()).as("the inbox shows the number masked").doesNotContain(phone);
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(row);
        assertThat(code.find()).as(row).isTrue();

        HttpLogin.Page callback = login.submit(page, "kc-twofold-sms-form", Map.of("code", code.group(1), "login", "true"));
        assertThat(callback.isCallback(app.redirectUri())).as(callback.document().text()).isTrue();
        JsonNode id = request.exchange(callback.url()).idClaims();
        assertThat(id.path("acr").asText()).isEqualTo("2");
        assertThat(id.path("amr").toString()).contains("pwd").contains("sms");
    }

    @Test
    void theServerRunsTheJarAndItsTablesAreInPostgresql() throws Exception {
        assertThat(keycloak.getKeycloakAdminClient().serverInfo().getInfo().getProviders().get("authenticator").getProviders())
                .containsKey("twofold-sms-code");
        assertThat(LOG.toUtf8String()).contains("Keycloak " + LocalImages.VERSION).doesNotContain("Twofold supports Keycloak");
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
                ResultSet tables = c.createStatement().executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'twofold_%' ORDER BY table_name")) {
            List<String> names = new java.util.ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            assertThat(names).contains("twofold_counter", "twofold_used_secret");
        }
    }
}
