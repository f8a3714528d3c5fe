package io.github.twofold.action.setup;

import io.github.twofold.action.TwofoldRequiredActionFactory;
import io.github.twofold.integrity.SignInCoverage;
import io.github.twofold.policy.PolicyComponents;
import io.github.twofold.policy.PolicySchema;
import io.github.twofold.policy.PolicySetting;
import io.github.twofold.policy.RequiredActions;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

/**
 * {@code twofold-set-up-2fa}, the chooser of a first second factor. Its configuration under
 * Authentication > Required actions in the stock admin console is the realm policy: every setting
 * with its help text, validated on save, and a save there is the policy in force
 * ({@link PolicyComponents}).
 */
public class SetUpTwoFactorActionFactory extends TwofoldRequiredActionFactory {

    public static final String PROVIDER_ID = RequiredActions.SET_UP_2FA;

    public SetUpTwoFactorActionFactory() {
        super(new SetUpTwoFactorAction());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Twofold: set up two-step sign-in (choose a method)";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return PolicySchema.SETTINGS.stream().map(PolicySetting::toConfigProperty).toList();
    }

    /** Keycloak calls this on each save of the configuration: a valid one becomes the policy, an invalid one is refused whole. */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        List<String> problems = PolicyComponents.saveFromRequiredAction(realm, model.getConfig());
        if (!problems.isEmpty()) {
            throw new ValidationException(new ValidationError(getId(), "config", String.join("; ", problems)));
        }
    }

    /** Says at start what a realm's flows and actions leave uncovered ({@link SignInCoverage}). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SignInCoverage.warnAtStart(factory);
    }
}
