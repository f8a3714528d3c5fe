package io.github.twofold.authenticator.email;

import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.PendingCodes;
import io.github.twofold.credential.FactorKind;
import io.github.twofold.email.EmailCodeSender;
import io.github.twofold.email.EmailCodes;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.policy.TwofoldPolicy;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-email-code}: the fallback under "Try another way", a sign-in code sent to the
 * user's verified address ({@link EmailedCodeAuthenticator}); a right code verifies the kind
 * {@link FactorKind#EMAIL_CODE}.
 */
public class EmailCodeAuthenticator extends EmailedCodeAuthenticator {

    public static final String TEMPLATE = "twofold-email-code.ftl";

    @Override
    protected String method() {
        return TwofoldEvents.METHOD_EMAIL_CODE;
    }

    @Override
    protected String template() {
        return TEMPLATE;
    }

    @Override
    protected boolean offeredTo(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy) {
        return EmailCodes.offered(session, realm, user, policy);
    }

    @Override
    protected EmailCodeSender.Message message() {
        return EmailCodeSender.Message.SIGN_IN;
    }

    @Override
    protected PendingCodes.Purpose purpose() {
        return PendingCodes.Purpose.EMAIL_LOGIN;
    }

    @Override
    protected String notOfferedMessage() {
        return "twofoldEmailCodeNotOffered";
    }

    @Override
    protected void accepted(AuthenticationFlowContext context, TwofoldPolicy policy) {
        SignInFactors.recordVerified(context.getAuthenticationSession(), FactorKind.EMAIL_CODE);
        context.success();
    }
}
