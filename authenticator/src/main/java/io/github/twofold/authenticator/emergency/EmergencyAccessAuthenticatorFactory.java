package io.github.twofold.authenticator.emergency;

import io.github.twofold.authenticator.CodeStepFactory;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.emergency.EmergencyGrant;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * {@code twofold-emergency-access}; adds {@code emergency} to {@code amr}, so applications can
 * refuse such a session for sensitive actions. Place it as an ALTERNATIVE in the second-factor
 * subflow, first: it is offered only while the user has a grant, and then it is the step shown
 * first (no SMS goes to a phone the user reported lost).
 */
public class EmergencyAccessAuthenticatorFactory extends CodeStepFactory {

    public static final String PROVIDER_ID = EmergencyAccess.AUTHENTICATOR_ID;
    public static final String AMR = "emergency";
    private static final EmergencyAccessAuthenticator SINGLETON = new EmergencyAccessAuthenticator();

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
        return "Twofold emergency access code";
    }

    @Override
    public String getHelpText() {
        return "Accepts the one-time code of an admin's emergency-access grant, once, then makes the user enroll a new second factor before the login completes.";
    }

    @Override
    protected String credentialType() {
        return EmergencyGrant.TYPE;
    }

    @Override
    protected String defaultAmrValue() {
        return AMR;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return withEnrollAction("Enroll a new factor with",
                "Required action the user must complete after the emergency code, before the login completes.");
    }
}
