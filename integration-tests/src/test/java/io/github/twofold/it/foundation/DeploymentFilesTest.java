package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The files an operator deploys with (Dockerfile, both compose files) run the Keycloak the tests
 * ran, and the production variant runs as production: built once, started optimized, behind a proxy.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("twofold.project.root"));
    private static final String VERSION = System.getProperty("twofold.keycloak.version");
    private static final Pattern IMAGE = Pattern.compile("quay\\.io/keycloak/keycloak:([0-9.]+)");

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    private static List<String> imageVersions(String text) {
        Matcher m = IMAGE.matcher(text);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    void everyDeploymentFileUsesTheKeycloakTheTestsRun() throws IOException {
        assertThat(VERSION).isNotBlank();
        assertThat(imageVersions(read("Dockerfile"))).isNotEmpty().containsOnly(VERSION);
        assertThat(imageVersions(read("docker-compose.yml"))).isNotEmpty().containsOnly(VERSION);
        assertThat(read("docker-compose.production.yml")).as("the production file builds the Dockerfile's image").contains("build: .");
    }

    @Test
    void theProductionVariantStartsOptimizedBehindAProxyWithTheOptionsTheImageWasBuiltWith() throws IOException {
        String compose = read("docker-compose.production.yml");
        String dockerfile = read("Dockerfile");
        assertThat(compose).contains("- start\n", "- --optimized\n").doesNotContain("start-dev").doesNotContain("dev-inbox");
        assertThat(compose).contains("KC_PROXY_HEADERS: xforwarded", "KC_PROXY_TRUSTED_ADDRESSES:", "KC_HOSTNAME:", "KC_HTTP_ENABLED: \"true\"");
        assertThat(compose).as("management port not published to the world").contains("\"127.0.0.1:9000:9000\"");
        assertThat(compose).as("no secret in the file").doesNotContainPattern("(PASSWORD|TOKEN): [^$ ]");
        assertThat(dockerfile).contains("KC_DB=postgres", "KC_HEALTH_ENABLED=true", "KC_METRICS_ENABLED=true", "kc.sh build")
                .contains("COPY provider/target/deploy/ /opt/keycloak/providers/")
                .contains("CMD [\"start\", \"--optimized\"]");
    }
}
