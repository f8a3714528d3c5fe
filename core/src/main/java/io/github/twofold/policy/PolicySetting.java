package io.github.twofold.policy;

import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * One realm policy setting: its key in the component config, its default and its bounds. The same
 * list drives parsing, validation on import/update, the admin help texts and docs/admin-guide.md.
 */
public record PolicySetting(String key, String label, String help, Kind kind, String defaultValue,
                            int min, int max, List<String> options) {

    public enum Kind { INT, STRING, LIST, BOOLEAN, CHOICE }

    static PolicySetting integer(String key, String label, String help, int def, int min, int max) {
        return new PolicySetting(key, label, help, Kind.INT, Integer.toString(def), min, max, List.of());
    }

    static PolicySetting string(String key, String label, String help, String def) {
        return new PolicySetting(key, label, help, Kind.STRING, def, 0, 0, List.of());
    }

    static PolicySetting list(String key, String label, String help, String def) {
        return new PolicySetting(key, label, help, Kind.LIST, def, 0, 0, List.of());
    }

    static PolicySetting bool(String key, String label, String help, boolean def) {
        return new PolicySetting(key, label, help, Kind.BOOLEAN, Boolean.toString(def), 0, 0, List.of());
    }

    static PolicySetting choice(String key, String label, String help, String def, List<String> options) {
        return new PolicySetting(key, label, help, Kind.CHOICE, def, 0, 0, options);
    }

    /** The admin-console form field for this setting. */
    public ProviderConfigProperty toConfigProperty() {
        ProviderConfigProperty p = new ProviderConfigProperty();
        p.setName(key);
        p.setLabel(label);
        String bounds = kind == Kind.INT ? " (" + min + "-" + max + ")" : "";
        p.setHelpText(help + bounds);
        p.setDefaultValue(kind == Kind.BOOLEAN ? Boolean.parseBoolean(defaultValue) : defaultValue);
        switch (kind) {
            case INT -> p.setType(ProviderConfigProperty.INTEGER_TYPE);
            case BOOLEAN -> p.setType(ProviderConfigProperty.BOOLEAN_TYPE);
            case LIST -> p.setType(ProviderConfigProperty.MULTIVALUED_STRING_TYPE);
            case CHOICE -> {
                p.setType(ProviderConfigProperty.LIST_TYPE);
                p.setOptions(options);
            }
            default -> p.setType(ProviderConfigProperty.STRING_TYPE);
        }
        return p;
    }
}
