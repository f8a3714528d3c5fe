package io.github.twofold.authenticator.enforce;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AcrStore;

/** The execution setting "step-up level" and whether the application asked for it in this login. */
final class StepUp {

    static final LevelSetting LEVEL = new LevelSetting("stepUpLevel", "Step-up level",
            "When an application asks for at least this level of authentication (acr_values mapped to a level by the realm's ACR to LoA mapping),"
                    + " a user without a second factor must set one up in this login, whatever the policy and without grace.", 2);

    private StepUp() {
    }

    /** Whether the application itself requested the step-up level (no request, or only the default: the policy decides). */
    static boolean requested(AuthenticationFlowContext context) {
        if (!DefaultLevelAuthenticator.requestedByApplication(context.getAuthenticationSession())) {
            return false;
        }
        int requested = new AcrStore(context.getSession(), context.getAuthenticationSession())
                .getRequestedLevelOfAuthentication(context.getTopLevelFlow());
        return requested >= LEVEL.of(context.getAuthenticatorConfig());
    }
}
