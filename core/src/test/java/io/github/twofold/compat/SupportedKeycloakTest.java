package io.github.twofold.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SupportedKeycloakTest {

    @Test
    void everyReleaseFrom26_4To26_7IsSupported() {
        assertThat(SupportedKeycloak.supports("26.4.0")).isTrue();
        assertThat(SupportedKeycloak.supports("26.4.7")).isTrue();
        assertThat(SupportedKeycloak.supports("26.5.6")).isTrue();
        assertThat(SupportedKeycloak.supports("26.7.3")).isTrue();
        assertThat(SupportedKeycloak.warning("26.7.3")).isEmpty();
    }

    @Test
    void olderNewerAndUnreadableVersionsGetOneLineNamingTheRange() {
        for (String version : new String[] {"26.3.5", "26.8.0", "27.0.0", "25.0.6", "999.0.0-SNAPSHOT", "unknown"}) {
            assertThat(SupportedKeycloak.supports(version)).as(version).isFalse();
            assertThat(SupportedKeycloak.warning(version)).get().asString()
                    .contains("26.4.x to 26.7.x").contains("Keycloak " + version).doesNotContain("\n");
        }
        assertThat(SupportedKeycloak.supports(null)).isFalse();
    }

    @Test
    void theTokenHookExistsFrom26_6On() {
        assertThat(SupportedKeycloak.hasTokenHook("26.4.7")).isFalse();
        assertThat(SupportedKeycloak.hasTokenHook("26.5.6")).isFalse();
        assertThat(SupportedKeycloak.hasTokenHook("25.0.6")).isFalse();
        assertThat(SupportedKeycloak.hasTokenHook("26.6.0")).isTrue();
        assertThat(SupportedKeycloak.hasTokenHook("26.7.3")).isTrue();
        assertThat(SupportedKeycloak.hasTokenHook("27.0.0")).isTrue();
    }
}
