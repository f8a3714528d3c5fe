package io.github.twofold.authenticator;

import java.util.List;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.AuthenticatorConfigModel;
import io.github.twofold.credential.RequiredActions;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The execution setting "enroll a new factor with" of steps that send a user to set up a second
 * factor (enforcement, emergency access), and adding that required action to the login.
 */
public final class EnrollAction {

    public static final String CONFIG_KEY = "enrollAction";
    public static final String SET_UP_2FA = "twofold-set-up-2fa";
    public static final String SET_UP_PHONE = "twofold-set-up-phone";
    public static final String CONFIGURE_TOTP = "CONFIGURE_TOTP";
    public static final String DEFAULT = SET_UP_2FA;

    private EnrollAction() {
    }

    public static ProviderConfigProperty property(String label, String help) {
        ProviderConfigProperty action = new ProviderConfigProperty(CONFIG_KEY, label, help, ProviderConfigProperty.LIST_TYPE, DEFAULT);
        action.setOptions(List.of(SET_UP_2FA, SET_UP_PHONE, CONFIGURE_TOTP));
        return action;
    }

    /** The configured action (the default when the execution has no config). */
    public static String of(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        String configured = config == null || config.getConfig() == null ? null : config.getConfig().get(CONFIG_KEY);
        return configured == null || configured.isBlank() ? DEFAULT : configured;
    }

    /**
     * Adds the configured action to this login, so the login completes only after it; false when
     * the realm has it disabled or missing (the caller must then not let the user in).
     */
    public static boolean require(AuthenticationFlowContext context) {
        String action = of(context);
        if (!RequiredActions.enabled(context.getRealm(), action)) {
            return false;
        }
        context.getAuthenticationSession().addRequiredAction(action);
        return true;
    }
}
