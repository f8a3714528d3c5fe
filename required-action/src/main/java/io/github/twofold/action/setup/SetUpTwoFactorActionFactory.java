package io.github.twofold.action.setup;

import io.github.twofold.action.TwofoldRequiredActionFactory;
import io.github.twofold.policy.RequiredActions;
import io.github.twofold.integrity.SignInCoverage;
import org.keycloak.models.KeycloakSessionFactory;

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

    /** Says at start what a realm's flows and actions leave uncovered ({@link SignInCoverage}). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SignInCoverage.warnAtStart(factory);
    }
}
