package io.github.twofold.policy;

import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The execution setting "enroll a new factor with" of steps that send a user to set up a second
 * factor (enforcement, emergency access), and which required action that means in a realm.
 */
public final class EnrollAction {

    public static final String CONFIG_KEY = "enrollAction";
    public static final String SET_UP_2FA = RequiredActions.SET_UP_2FA;
    public static final String SET_UP_PHONE = RequiredActions.SET_UP_PHONE;
    public static final String CONFIGURE_TOTP = "CONFIGURE_TOTP";
    public static final String DEFAULT = SET_UP_2FA;
    /** Every action a user can set up a second factor with (Twofold's and Keycloak's). */
    public static final List<String> ALL = List.of(SET_UP_2FA, SET_UP_PHONE, CONFIGURE_TOTP, "webauthn-register", "webauthn-register-passwordless");

    private EnrollAction() {
    }

    public static ProviderConfigProperty property(String label, String help) {
        ProviderConfigProperty action = new ProviderConfigProperty(CONFIG_KEY, label, help, ProviderConfigProperty.LIST_TYPE, DEFAULT);
        action.setOptions(List.of(SET_UP_2FA, SET_UP_PHONE, CONFIGURE_TOTP));
        return action;
    }

    /** The configured action (the default when the execution has no config). */
    public static String of(AuthenticatorConfigModel config) {
        Map<String, String> values = config == null ? null : config.getConfig();
        String configured = values == null ? null : values.get(CONFIG_KEY);
        return configured == null || configured.isBlank() ? DEFAULT : configured;
    }

    /**
     * Adds the configured action to this login, so the login completes only after it; false when
     * the realm has it disabled or missing (the caller must then not let the user in).
     */
    public static boolean require(AuthenticationSessionModel authSession, AuthenticatorConfigModel config) {
        String action = of(config);
        if (!RequiredActions.enabled(authSession.getRealm(), action)) {
            return false;
        }
        authSession.addRequiredAction(action);
        return true;
    }
}
