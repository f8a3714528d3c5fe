package io.github.twofold.authenticator.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

/** A level typed into an execution's settings: the admin console checks nothing, so the step must. */
class LevelSettingTest {

    private static final LevelSetting LEVEL = new LevelSetting("twofoldLevel", "Level", "help", 2);

    private static AuthenticatorConfigModel config(String value) {
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        config.setConfig(value == null ? Map.of() : Map.of("twofoldLevel", value));
        return config;
    }

    @Test
    void aLevelTheAdminSetIsUsedWithSpacesAround() {
        assertThat(LEVEL.of(config("3"))).isEqualTo(3);
        assertThat(LEVEL.of(config(" 4 "))).isEqualTo(4);
    }

    @Test
    void noSettingOrNoNumberGivesTheDefault() {
        assertThat(LEVEL.of(null)).isEqualTo(2);
        assertThat(LEVEL.of(config(null))).isEqualTo(2);
        assertThat(LEVEL.of(config(""))).isEqualTo(2);
        assertThat(LEVEL.of(config("two"))).isEqualTo(2);
    }

    @Test
    void aLevelBelowOneIsOne() {
        assertThat(LEVEL.of(config("0"))).isEqualTo(1);
        assertThat(LEVEL.of(config("-5"))).isEqualTo(1);
    }
}
