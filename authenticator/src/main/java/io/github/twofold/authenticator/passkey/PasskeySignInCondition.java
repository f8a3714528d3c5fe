package io.github.twofold.authenticator.passkey;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.TwofoldCondition;
import io.github.twofold.integrity.PasskeySignIn;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code twofold-condition-no-passkey-sign-in}: a condition of the second-factor sub-flow. False
 * when the user signed in with a passkey instead of a password and the realm requires user
 * verification for passkeys: the passkey proved two factors, so no code is asked and no SMS sent.
 * Either way it records the passkey as a completed step ({@link PasskeySignIn}), which is what the
 * level, {@code amr} ({@code hwk}, not the password form's {@code pwd}) and factor changes go by.
 * Where the policy lets a passkey be used without PIN or biometric, the second step runs as after a
 * password, and must succeed before anything is issued.
 */
public class PasskeySignInCondition extends TwofoldCondition {

    static final PasskeySignInCondition SINGLETON = new PasskeySignInCondition();

    /** Auth-session note: the passkey sign-in was recorded (conditions are evaluated more than once). */
    private static final String RECORDED_NOTE = "twofold.passkey.sign-in";

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!PasskeySignIn.usedHere(authSession)) {
            return true;
        }
        boolean twoFactors = PasskeySignIn.userVerificationRequired(context.getRealm());
        if (authSession.getAuthNote(RECORDED_NOTE) == null) {
            authSession.setAuthNote(RECORDED_NOTE, "true");
            PasskeySignIn.record(authSession, context.getExecution().getId());
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.PASSKEY_SIGN_IN, "passkey").user(context.getUser())
                    .detail(TwofoldEvents.REASON, twoFactors ? "user_verification_required" : "second_step_follows").success();
        }
        return !twoFactors;
    }
}
