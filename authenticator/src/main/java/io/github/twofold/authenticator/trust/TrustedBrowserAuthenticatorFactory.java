package io.github.twofold.authenticator.trust;

import io.github.twofold.authenticator.CodeStepFactory;
import io.github.twofold.trust.TrustedBrowserCredentialModel;
import io.github.twofold.trust.TrustedBrowsers;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * {@code twofold-trusted-browser}; adds {@code trusted-browser} to {@code amr} (no RFC 8176 value
 * fits: nothing was verified but a cookie the server checked). Its reference category is its own
 * credential type, so it never counts as a verified second factor.
 */
public class TrustedBrowserAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = TrustedBrowsers.AUTHENTICATOR_ID;
    public static final String AMR = "trusted-browser";
    private static final TrustedBrowserAuthenticator SINGLETON = new TrustedBrowserAuthenticator();

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
        return "Twofold trusted browser";
    }

    @Override
    public String getHelpText() {
        return "First alternative of the second-factor step: skips it on a browser the user trusted after a second factor (realm policy 'Trusted browsers: days'). Never in a reset-credentials flow.";
    }

    @Override
    public String getReferenceCategory() {
        return TrustedBrowserCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.ALTERNATIVE,
                AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CodeStepFactory.amrProperties(AMR);
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
