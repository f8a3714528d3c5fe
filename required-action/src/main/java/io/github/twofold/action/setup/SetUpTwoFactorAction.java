package io.github.twofold.action.setup;

import io.github.twofold.action.FactorAction;
import io.github.twofold.action.FactorChangeGate;
import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.BackupCodesCredentialProvider;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.credential.SmsCredentialProvider;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.policy.RequiredActions;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.signin.BrokeredSignInRefusal;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventType;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-set-up-2fa}: one page where the user picks how to confirm sign-ins, among the
 * methods the realm policy offers: a passkey or security key (Keycloak's own passkey
 * registration, {@code webauthn-register-passwordless}, so the same key can later sign in without
 * the password; phishing-resistant, offered first, and only where the browser supports WebAuthn),
 * an authenticator app (Keycloak's own TOTP set-up with its QR code) or text messages (Twofold's
 * phone enrollment). The chosen set-up runs next in the same
 * login; after the first method a set of backup codes follows (policy). With one method only, the
 * page is skipped. Adding a method to an account that already has one needs a fresh second factor.
 */
public class SetUpTwoFactorAction extends FactorAction {

    public static final String TEMPLATE = "twofold-set-up-2fa.ftl";
    public static final String FIELD_METHOD = "method";

    /** Method -> the required action that sets it up. */
    private static final Map<String, String> ACTIONS = Map.of(
            TwofoldPolicy.METHOD_PASSKEY, WebAuthnPasswordlessRegisterFactory.PROVIDER_ID,
            TwofoldPolicy.METHOD_APP, UserModel.RequiredAction.CONFIGURE_TOTP.name(),
            TwofoldPolicy.METHOD_SMS, SmsCredentialProvider.SET_UP_ACTION);

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (BrokeredSignInRefusal.refused(context.getAuthenticationSession())) {
            // a page that says why and offers no way forward (a failure would send the app a bare access_denied)
            context.challenge(context.form().setError(BrokeredSignInRefusal.MESSAGE).createErrorPage(Response.Status.FORBIDDEN));
            return;
        }
        boolean usable = SignInFactors.holdsUsable(context.getSession(), context.getRealm(), context.getUser(), context.getAuthenticationSession());
        boolean emergency = context.getAuthenticationSession().getAuthNote(EmergencyAccess.USED_IN_LOGIN_NOTE) != null;
        boolean passkeyMissing = FactorKinds.passkeyMissing(context.getSession(), context.getRealm(), context.getUser(), TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()));
        if (usable && !passkeyMissing && !applicationInitiated(context) && !emergency) {
            context.success(); // already set up (e.g. the user enrolled in another tab)
            return;
        }
        boolean hasFactor = gated(context, usable);
        if (hasFactor && !FactorChangeGate.check(context)) {
            return;
        }
        List<String> methods = methods(context);
        if (methods.isEmpty()) {
            context.getEvent().error("twofold_no_set_up_method");
            context.failure("twofoldNoSetUpMethod");
            return;
        }
        if (methods.size() == 1) {
            choose(context, methods.get(0), hasFactor);
            return;
        }
        context.challenge(context.form().setAttribute("twofoldMethods", methods).createForm(TEMPLATE));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (BrokeredSignInRefusal.refused(context.getAuthenticationSession())) {
            // a page that says why and offers no way forward (a failure would send the app a bare access_denied)
            context.challenge(context.form().setError(BrokeredSignInRefusal.MESSAGE).createErrorPage(Response.Status.FORBIDDEN));
            return;
        }
        boolean hasFactor = gated(context, SignInFactors.holdsUsable(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession()));
        if (hasFactor && !FactorChangeGate.check(context)) {
            return;
        }
        String method = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_METHOD);
        List<String> methods = methods(context);
        if (method == null || !methods.contains(method)) {
            // a forged or outdated choice: show the choices again
            context.challenge(context.form().setAttribute("twofoldMethods", methods).setError("twofoldChooseMethod").createForm(TEMPLATE));
            return;
        }
        choose(context, method, hasFactor);
    }

    /** Queues the chosen set-up (and backup codes after a first method) in this login. */
    private static void choose(RequiredActionContext context, String method, boolean hadFactor) {
        if (!hadFactor) {
            // the backup codes that follow the first method belong to this set-up
            context.getAuthenticationSession().setAuthNote(SecondFactorProof.FIRST_SET_UP_NOTE, "true");
        }
        context.getAuthenticationSession().addRequiredAction(ACTIONS.get(method));
        RealmModel realm = context.getRealm();
        boolean backupCodes = TwofoldRequest.of(context.getSession(), realm).policyFor(context.getUser()).setUpBackupCodes() && RequiredActions.enabled(realm, BackupCodesCredentialProvider.GENERATE_ACTION)
                && TwofoldRequest.of(context.getSession(), realm).backupCodes().remaining(context.getUser()) == 0;
        if (backupCodes) {
            context.getAuthenticationSession().addRequiredAction(BackupCodesCredentialProvider.GENERATE_ACTION);
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(TwofoldEvents.EVENT, TwofoldEvent.SECOND_FACTOR_METHOD_CHOSEN.key())
                .detail(TwofoldEvents.METHOD, method)
                .detail("twofold_first_factor", Boolean.toString(!hadFactor))
                .success();
        context.success();
    }

    /** The policy's methods whose set-up action is enabled in the realm and whose kind the policy allows this user. */
    static List<String> methods(RequiredActionContext context) {
        RealmModel realm = context.getRealm();
        return TwofoldRequest.of(context.getSession(), realm).policyFor(context.getUser()).setUpMethods().stream()
                .filter(ACTIONS::containsKey)
                .filter(m -> RequiredActions.enabled(realm, ACTIONS.get(m)))
                .filter(m -> FactorKinds.refusal(context.getSession(), realm, context.getUser(), m).isEmpty())
                .toList();
    }

    /**
     * Whether this set-up changes the factors of a user who has one, and so needs a fresh second
     * factor: yes, unless the user holds only factors the realm's sign-in cannot ask for and the
     * sign-in itself (not an application) requires the set-up. That user signed in without a
     * second factor because none could be asked; the set-up is their first usable one.
     */
    private static boolean gated(RequiredActionContext context, boolean usable) {
        return SecondFactors.hasAny(context.getSession(), context.getRealm(), context.getUser())
                && (usable || applicationInitiated(context));
    }

    private static boolean applicationInitiated(RequiredActionContext context) {
        return context.getAuthenticationSession().getClientNote(org.keycloak.models.Constants.KC_ACTION) != null;
    }
}
