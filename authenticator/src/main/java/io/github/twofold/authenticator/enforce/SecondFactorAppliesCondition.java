package io.github.twofold.authenticator.enforce;

import io.github.twofold.authenticator.TwofoldCondition;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.request.TwofoldRequest;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-condition-second-factor}: the level-2 sub-flow runs only when a second factor
 * applies to this login: the user has one, the policy requires one, or the application itself
 * asked for the level. Otherwise the sub-flow is skipped and the token honestly says level 1,
 * instead of level 2 reached with the password alone.
 */
public class SecondFactorAppliesCondition extends TwofoldCondition {

    static final SecondFactorAppliesCondition SINGLETON = new SecondFactorAppliesCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            return false;
        }
        return SecondFactors.hasAny(context.getSession(), context.getRealm(), user)
                || DefaultLevelAuthenticator.requestedByApplication(context.getAuthenticationSession())
                || SecondFactors.requiredFor(context.getSession(), context.getRealm(), user,
                        context.getAuthenticationSession().getClient(), TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()));
    }
}
