package io.github.twofold.authenticator.grant;

import io.github.twofold.authenticator.RequiredStepFactory;
import io.github.twofold.credential.FactorKind;
import io.github.twofold.integrity.FactorStep;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * {@code twofold-direct-grant-second-factor}: see {@link DirectGrantSecondFactorAuthenticator}.
 * Reference category {@code otp}, so Keycloak's brute-force detection counts its failures and a
 * success counts as a verified second factor.
 */
public class DirectGrantSecondFactorAuthenticatorFactory extends RequiredStepFactory implements FactorStep {

    public static final String PROVIDER_ID = "twofold-direct-grant-second-factor";
    private static final DirectGrantSecondFactorAuthenticator SINGLETON = new DirectGrantSecondFactorAuthenticator();

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
        return "Twofold: second factor in the password grant";
    }

    @Override
    public String getHelpText() {
        return "For direct grant flows, after the password: the request must carry otp, backup_code or sms_code (a request without one sends an SMS to the user's phone). Put it REQUIRED in a CONDITIONAL sub-flow with 'Condition - user configured'.";
    }

    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public Set<FactorKind> factorKinds() {
        return EnumSet.of(FactorKind.APP, FactorKind.SMS, FactorKind.BACKUP_CODES);
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
