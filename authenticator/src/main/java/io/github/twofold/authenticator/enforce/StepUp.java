package io.github.twofold.authenticator.enforce;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

/** The execution setting "step-up level" and whether the application asked for it in this login. */
final class StepUp {

    static final String CONFIG_KEY = "stepUpLevel";
    static final int DEFAULT_LEVEL = 2;

    private StepUp() {
    }

    static ProviderConfigProperty property() {
        return new ProviderConfigProperty(CONFIG_KEY, "Step-up level",
                "When an application asks for at least this level of authentication (acr_values mapped to a level by the realm's ACR to LoA mapping),"
                        + " a user without a second factor must set one up in this login, whatever the policy and without grace.",
                ProviderConfigProperty.STRING_TYPE, Integer.toString(DEFAULT_LEVEL));
    }

    /** Whether the application itself requested the step-up level (no request, or only the default: the policy decides). */
    static boolean requested(AuthenticationFlowContext context) {
        if (!DefaultLevelAuthenticator.requestedByApplication(context.getAuthenticationSession())) {
            return false;
        }
        int requested = new AcrStore(context.getSession(), context.getAuthenticationSession())
                .getRequestedLevelOfAuthentication(context.getTopLevelFlow());
        return requested >= level(context.getAuthenticatorConfig());
    }

    private static int level(AuthenticatorConfigModel config) {
        String value = config == null || config.getConfig() == null ? null : config.getConfig().get(CONFIG_KEY);
        try {
            return value == null || value.isBlank() ? DEFAULT_LEVEL : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_LEVEL; // the admin console validates nothing here; a typo keeps the safe default
        }
    }
}
