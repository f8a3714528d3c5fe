package io.github.twofold.authenticator.email;

import io.github.twofold.authenticator.RequiredStepFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;

/** {@code twofold-condition-email-code}: see {@link EmailCodeCondition}. */
public class EmailCodeConditionFactory extends RequiredStepFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "twofold-condition-email-code";

    @Override
    public ConditionalAuthenticator getSingleton() {
        return EmailCodeCondition.SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - Twofold: e-mail code offered";
    }

    @Override
    public String getHelpText() {
        return "True where the policy's 'E-mail code as a fallback' is on and the user has a verified e-mail address and a second factor of their own, and is not in a group that must use passkeys.";
    }
}
