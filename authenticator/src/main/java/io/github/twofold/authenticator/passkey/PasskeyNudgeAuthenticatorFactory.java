package io.github.twofold.authenticator.passkey;

import io.github.twofold.authenticator.RequiredStepFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** {@code twofold-passkey-nudge}: see {@link PasskeyNudgeAuthenticator}. */
public class PasskeyNudgeAuthenticatorFactory extends RequiredStepFactory {

    public static final String PROVIDER_ID = "twofold-passkey-nudge";
    private static final PasskeyNudgeAuthenticator SINGLETON = new PasskeyNudgeAuthenticator();

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
        return "Twofold: suggest a passkey after SMS";
    }

    @Override
    public String getHelpText() {
        return "Put it REQUIRED after the second-factor sub-flow: after a text-message code, a user without a passkey is asked whether to add one (realm policy 'Suggest a passkey after SMS (days)').";
    }
}
