package io.github.twofold.authenticator.recovery;

import io.github.twofold.authenticator.TwofoldCondition;
import io.github.twofold.recovery.AccountRecovery;
import io.github.twofold.request.TwofoldRequest;
import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * {@code twofold-condition-recovery}: true where this user is offered the self-service recovery
 * ({@link AccountRecovery#offered}), so "Try another way" lists it only for them.
 */
public class AccountRecoveryCondition extends TwofoldCondition {

    static final AccountRecoveryCondition SINGLETON = new AccountRecoveryCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        return AccountRecovery.offered(context.getSession(), context.getRealm(), context.getUser(),
                TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()));
    }
}
