package io.github.twofold.authenticator.sms;

import io.github.twofold.credential.SmsCredentialModel;
import java.util.List;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The reference category is {@code otp}: since Keycloak 26.6 the brute-force detector counts only
 * failures of {@code password}, {@code otp} and {@code recovery-authn-codes} steps. The credential
 * type is an optional category, so the account console still lists phones.
 */
public class SmsCodeAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "twofold-sms-code";
    private static final SmsCodeAuthenticator SINGLETON = new SmsCodeAuthenticator();

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
        return "Twofold SMS code";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time code by SMS to the user's verified phone and checks it. Reloads never send another SMS.";
    }

    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(SmsCredentialModel.TYPE);
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE).label("AMR value")
                .helpText("Value this step adds to the token's amr claim (RFC 8176: sms).")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("sms").add()
                .property().name(Constants.AUTHENTICATION_EXECUTION_REFERENCE_MAX_AGE).label("AMR max age")
                .helpText("Seconds after this step during which tokens of the session still carry its amr value (Keycloak compares it with the time the step completed).")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("36000").add()
                .build();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
