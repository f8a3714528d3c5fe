package io.github.twofold.authenticator.passkey;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.sms.SmsCodeAuthenticatorFactory;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.policy.RequiredActions;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code twofold-passkey-nudge}: after a sign-in with a text-message code, a user without a passkey
 * is asked whether to add one ("Add a passkey" runs Keycloak's passkey registration next, "Not now" asks
 * again after the policy's days). Placed as REQUIRED after the second-factor sub-flow; off while
 * the policy's {@code passkeyNudgeDays} is 0. At most once per sign-in; every answer is an event.
 */
public class PasskeyNudgeAuthenticator implements Authenticator {

    public static final String TEMPLATE = "twofold-passkey-nudge.ftl";
    /** User attribute: when the user was last asked (epoch seconds). */
    public static final String ASKED_ATTRIBUTE = "twofold.passkey.asked";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        if (!due(context, policy)) {
            context.success();
            return;
        }
        context.getUser().setSingleAttribute(ASKED_ATTRIBUTE, Long.toString(Time.currentTime()));
        event(context, TwofoldEvent.PASSKEY_NUDGE_SHOWN);
        context.challenge(context.form().createForm(TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (context.getHttpRequest().getDecodedFormParameters().containsKey("addPasskey")) {
            context.getAuthenticationSession().addRequiredAction(WebAuthnPasswordlessRegisterFactory.PROVIDER_ID);
            event(context, TwofoldEvent.PASSKEY_NUDGE_ACCEPTED);
        } else {
            event(context, TwofoldEvent.PASSKEY_NUDGE_DISMISSED);
        }
        context.success();
    }

    /** Whether to ask in this sign-in. */
    private static boolean due(AuthenticationFlowContext context, TwofoldPolicy policy) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (policy.passkeyNudgeDays() <= 0 || !smsVerifiedHere(context)
                || authSession.getAuthNote(EmergencyAccess.USED_IN_LOGIN_NOTE) != null
                || !RequiredActions.enabled(context.getRealm(), WebAuthnPasswordlessRegisterFactory.PROVIDER_ID)
                || user.credentialManager().getStoredCredentialsByTypeStream(WebAuthnCredentialModel.TYPE_TWOFACTOR).findAny().isPresent()
                || user.credentialManager().getStoredCredentialsByTypeStream(WebAuthnCredentialModel.TYPE_PASSWORDLESS).findAny().isPresent()) {
            return false;
        }
        long asked = parse(user.getFirstAttribute(ASKED_ATTRIBUTE));
        return Time.currentTime() - asked >= policy.passkeyNudgeDays() * 86400L;
    }

    /** Whether Twofold's SMS step verified the factor in this very sign-in. */
    private static boolean smsVerifiedHere(AuthenticationFlowContext context) {
        return SecondFactorProof.succeededHere(context.getSession(), context.getRealm(), context.getAuthenticationSession())
                .anyMatch(factory -> SmsCodeAuthenticatorFactory.PROVIDER_ID.equals(factory.getId()));
    }

    private static long parse(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void event(AuthenticationFlowContext context, TwofoldEvent twofoldEvent) {
        TwofoldEvents.action(context.getEvent(), twofoldEvent, TwofoldEvents.METHOD_SMS).user(context.getUser()).success();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
