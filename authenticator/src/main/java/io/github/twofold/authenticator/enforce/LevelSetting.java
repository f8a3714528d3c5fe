package io.github.twofold.authenticator.enforce;

import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

/** An execution setting that names a level of authentication (a whole number, at least 1). */
record LevelSetting(String key, String label, String help, int defaultLevel) {

    ProviderConfigProperty property() {
        return new ProviderConfigProperty(key, label, help, ProviderConfigProperty.STRING_TYPE, Integer.toString(defaultLevel));
    }

    /** The configured level; the default when unset or not a number (the admin console validates nothing here). */
    int of(AuthenticatorConfigModel config) {
        String value = config == null || config.getConfig() == null ? null : config.getConfig().get(key);
        try {
            return value == null || value.isBlank() ? defaultLevel : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return defaultLevel;
        }
    }
}
