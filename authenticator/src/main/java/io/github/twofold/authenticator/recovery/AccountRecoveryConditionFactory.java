package io.github.twofold.authenticator.recovery;

import io.github.twofold.authenticator.RequiredStepFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;

/** {@code twofold-condition-recovery}: see {@link AccountRecoveryCondition}. */
public class AccountRecoveryConditionFactory extends RequiredStepFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "twofold-condition-recovery";

    @Override
    public ConditionalAuthenticator getSingleton() {
        return AccountRecoveryCondition.SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - Twofold: account recovery offered";
    }

    @Override
    public String getHelpText() {
        return "True where the policy's recovery waiting period is not 0, the realm can send e-mail, and the user has a verified e-mail address, a second factor and no backup codes, is not in a group that must use passkeys and has no open 'this wasn't me' report.";
    }
}
