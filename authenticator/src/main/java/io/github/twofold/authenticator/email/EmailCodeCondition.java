package io.github.twofold.authenticator.email;

import io.github.twofold.authenticator.TwofoldCondition;
import io.github.twofold.email.EmailCodes;
import io.github.twofold.request.TwofoldRequest;
import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * {@code twofold-condition-email-code}: true where the policy offers this user a sign-in code by
 * e-mail ({@link EmailCodes#offered}). It makes "Try another way" list the e-mail step only for
 * them: Keycloak evaluates the conditions of a CONDITIONAL sub-flow when it builds that list.
 */
public class EmailCodeCondition extends TwofoldCondition {

    static final EmailCodeCondition SINGLETON = new EmailCodeCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        return EmailCodes.offered(context.getSession(), context.getRealm(), context.getUser(),
                TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()));
    }
}
