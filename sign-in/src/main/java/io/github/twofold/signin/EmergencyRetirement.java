package io.github.twofold.signin;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.BackupCodesCredentialProvider;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.policy.RequiredActions;
import io.github.twofold.request.TwofoldRequest;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventType;

/**
 * The factor a user reported lost stops working: once an emergency sign-in (or a completed
 * self-service recovery) has set up a new factor (and not before, so the account always has one),
 * the credentials the help desk named in the grant (the phone, or every factor from before; after
 * a recovery every factor from before) are removed, the user is told by e-mail, and a new set of
 * backup codes follows when the old ones went.
 */
public final class EmergencyRetirement {

    private EmergencyRetirement() {
    }

    public static void apply(RequiredActionContext context, SignInState state) {
        if (!state.emergency() || state.enrollmentPending() || !state.enrolledNew()) {
            return;
        }
        EmergencyAccess.Retired retired = EmergencyAccess.retireLost(context.getUser(), context.getAuthenticationSession());
        if (retired == null || retired.count() == 0) {
            return;
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(context.getUser())
                .detail(TwofoldEvents.EVENT, TwofoldEvent.EMERGENCY_FACTORS_RETIRED.key())
                .detail(TwofoldEvents.METHOD, EmergencyAccess.replacingMethod(context.getAuthenticationSession()))
                .detail(TwofoldEvents.LOST, retired.lost().value())
                .detail("twofold_retired", Integer.toString(retired.count()))
                .detail(TwofoldEvents.PHONE, retired.maskedPhone())
                .success();
        if (TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()).setUpBackupCodes()
                && RequiredActions.enabled(context.getRealm(), BackupCodesCredentialProvider.GENERATE_ACTION)
                && TwofoldRequest.of(context.getSession(), context.getRealm()).backupCodes().remaining(context.getUser()) == 0) {
            context.getAuthenticationSession().addRequiredAction(BackupCodesCredentialProvider.GENERATE_ACTION);
        }
    }
}
