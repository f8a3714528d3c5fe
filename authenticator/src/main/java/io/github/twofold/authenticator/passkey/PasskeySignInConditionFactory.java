package io.github.twofold.authenticator.passkey;

import io.github.twofold.authenticator.CodeStepFactory;
import io.github.twofold.authenticator.RequiredStepFactory;
import io.github.twofold.integrity.PasskeySignIn;
import java.util.List;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * {@code twofold-condition-no-passkey-sign-in}: see {@link PasskeySignInCondition}. Its reference
 * category is the passkey's, so the step it records counts as a verified second factor (and as the
 * password too) wherever Twofold asks.
 */
public class PasskeySignInConditionFactory extends RequiredStepFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = PasskeySignIn.CONDITION_ID;

    @Override
    public ConditionalAuthenticator getSingleton() {
        return PasskeySignInCondition.SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - Twofold: not signed in with a passkey";
    }

    @Override
    public String getHelpText() {
        return "Put it in the second-factor sub-flow: false when the user signed in with a passkey (with PIN or biometric, as the realm's WebAuthn passwordless policy requires), so no second step is asked; "
                + "the token then says hwk and mfa instead of pwd.";
    }

    @Override
    public String getReferenceCategory() {
        return WebAuthnCredentialModel.TYPE_PASSWORDLESS;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CodeStepFactory.amrProperties(PasskeySignIn.AMR);
    }
}
