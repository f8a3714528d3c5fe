package io.github.twofold.authenticator.email;

import io.github.twofold.credential.CredentialTypes;
import io.github.twofold.credential.FactorKind;
import io.github.twofold.email.EmailCodes;
import io.github.twofold.integrity.FactorStep;
import java.util.Set;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/**
 * {@code twofold-email-code}; adds {@code email} (RFC 8176) to {@code amr}. Place it as the step of
 * a CONDITIONAL sub-flow that starts with "Condition - Twofold: e-mail code offered", inside an
 * ALTERNATIVE sub-flow at the end of the second-factor sub-flow: "Try another way" then lists it
 * only for the users the policy offers it to (Keycloak lists a step without a credential for
 * everyone otherwise).
 */
public class EmailCodeAuthenticatorFactory extends EmailedCodeStepFactory implements FactorStep {

    public static final String PROVIDER_ID = EmailCodes.AUTHENTICATOR_ID;
    public static final String AMR = "email";
    private static final EmailCodeAuthenticator SINGLETON = new EmailCodeAuthenticator();

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
        return "Twofold e-mail code (fallback)";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time code to the user's verified e-mail address and checks it, where the policy's 'E-mail code as a fallback' offers it. Never makes a session fresh for changing second factors.";
    }

    @Override
    protected String credentialType() {
        return CredentialTypes.EMAIL_CODE;
    }



    @Override
    protected String defaultAmrValue() {
        return AMR;
    }

    @Override
    public Set<FactorKind> factorKinds() {
        return Set.of(FactorKind.EMAIL_CODE);
    }
}
