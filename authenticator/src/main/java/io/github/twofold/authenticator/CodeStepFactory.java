package io.github.twofold.authenticator;

import io.github.twofold.policy.EnrollAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * What the factories of Twofold's code steps share. The reference category is {@code otp}: since
 * Keycloak 26.6 the brute-force detector counts only failures of {@code password}, {@code otp} and
 * {@code recovery-authn-codes} steps. The step's own credential type is an optional category, so
 * the account console lists it under "Signing in". The execution config sets the {@code amr} value.
 */
public abstract class CodeStepFactory implements AuthenticatorFactory {

    /** Twofold's credential type that this step checks. */
    protected abstract String credentialType();

    /** The RFC 8176 (or documented Twofold) value this step adds to {@code amr} by default. */
    protected abstract String defaultAmrValue();

    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(credentialType());
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
        return amrProperties(defaultAmrValue());
    }

    /**
     * The settings of a step after which the user must set up a new factor (emergency access, the
     * recovery): the {@code amr} settings and the required action to set it up with.
     */
    protected List<ProviderConfigProperty> withEnrollAction(String label, String help) {
        List<ProviderConfigProperty> properties = new ArrayList<>(amrProperties(defaultAmrValue()));
        properties.add(EnrollAction.property(label, help));
        return properties;
    }

    /** The execution settings of a step that adds a value to {@code amr}: the value and how long it stays valid. */
    public static List<ProviderConfigProperty> amrProperties(String defaultAmrValue) {
        return ProviderConfigurationBuilder.create()
                .property().name(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE).label("AMR value")
                .helpText("Value this step adds to the token's amr claim (default: " + defaultAmrValue + ").")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(defaultAmrValue).add()
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
