package io.github.twofold.authenticator.recovery;

import io.github.twofold.authenticator.email.EmailedCodeStepFactory;
import io.github.twofold.recovery.AccountRecovery;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * {@code twofold-recovery}; adds {@code recovery} to {@code amr} (never {@code mfa}). Place it as
 * the step of a CONDITIONAL sub-flow that starts with "Condition - Twofold: account recovery
 * offered", inside an ALTERNATIVE sub-flow at the end of the second-factor sub-flow, as the e-mail
 * code fallback: "Try another way" then lists it only for the users it is offered to.
 */
public class AccountRecoveryAuthenticatorFactory extends EmailedCodeStepFactory {

    public static final String PROVIDER_ID = AccountRecovery.AUTHENTICATOR_ID;
    public static final String AMR = "recovery";
    private static final AccountRecoveryAuthenticator SINGLETON = new AccountRecoveryAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Twofold account recovery (lost phone or app)";
    }

    @Override
    public String getHelpText() {
        return "A user who lost every second factor and has no backup codes proves the e-mail address, waits the policy's waiting period, then signs in once with a new e-mailed code and must set up a new factor; the old ones are removed. Never a second factor.";
    }

    @Override
    protected String credentialType() {
        return AccountRecovery.TYPE;
    }

    @Override
    protected String defaultAmrValue() {
        return AMR;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return withEnrollAction("Set up a new factor with",
                "Required action the user must complete after the recovery, before the sign-in completes.");
    }
}
