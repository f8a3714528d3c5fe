package io.github.twofold.authenticator.emergency;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.CodeFormAuthenticator;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.emergency.EmergencyGrant;
import io.github.twofold.emergency.EmergencyGrantCredentialProvider;
import io.github.twofold.emergency.EmergencyGrantCredentialProviderFactory;
import io.github.twofold.policy.EnrollAction;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-emergency-access}: password + the emergency code from an admin's grant signs the
 * user in once. The code is checked under the same limits as every other code; a right code uses
 * the grant up (once, on any node) and the user must enroll a new second factor before the login
 * completes.
 */
public class EmergencyAccessAuthenticator extends CodeFormAuthenticator implements CredentialValidator<EmergencyGrantCredentialProvider> {

    public static final String TEMPLATE = "twofold-emergency-code.ftl";

    @Override
    protected String method() {
        return TwofoldEvents.METHOD_EMERGENCY;
    }

    @Override
    protected String template() {
        return TEMPLATE;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        TwofoldRequest request = TwofoldRequest.of(context.getSession(), context.getRealm());
        TwofoldPolicy policy = request.policyFor(context.getUser());
        EmergencyAccess access = request.emergencyAccess();
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_CODE);
        Optional<EmergencyAccess.Use> accepted = attemptFinding(context, policy, Optional.empty(), () -> {
            EmergencyAccess.Use use = access.use(context.getUser(), typed);
            return (switch (use.check()) {
                case OK -> Verdict.accepted();
                case NONE -> Verdict.rejected("twofoldEmergencyNoGrant", "no_grant");
                case NOT_A_CODE -> Verdict.notACode("twofoldInvalidEmergencyCode", typed);
                case WRONG -> Verdict.rejected("twofoldInvalidEmergencyCode", "wrong_code");
                case EXPIRED -> Verdict.rejected("twofoldEmergencyCodeExpired", "expired");
                case ALREADY_USED -> Verdict.rejected("twofoldEmergencyCodeUsed", "already_used");
                case NOT_VALID -> Verdict.rejected("twofoldEmergencyCodeNotValid", "not_valid");
            }).with(use);
        });
        if (accepted.isEmpty()) {
            return;
        }
        Optional<EmergencyGrant> used = Optional.ofNullable(accepted.get().grant());
        // An event of its own at once: the grant is spent even if the user never finishes enrolling.
        var usedEvent = TwofoldEvents.action(context.getEvent(), TwofoldEvent.EMERGENCY_ACCESS_USED, TwofoldEvents.METHOD_EMERGENCY);
        used.ifPresent(grant -> {
            usedEvent.detail(TwofoldEvents.ADMIN, grant.data().grantedBy).detail(TwofoldEvents.REASON, grant.data().reason);
            context.getEvent().detail(TwofoldEvents.ADMIN, grant.data().grantedBy);
        });
        usedEvent.success();
        context.getEvent().detail(TwofoldEvents.EVENT, TwofoldEvent.EMERGENCY_ACCESS_USED.key());
        context.getAuthenticationSession().setAuthNote(EmergencyAccess.USED_IN_LOGIN_NOTE, "true");
        used.ifPresent(grant -> EmergencyAccess.noteLost(context.getUser(), context.getAuthenticationSession(), grant));
        EnrollAction.require(context.getAuthenticationSession(), context.getAuthenticatorConfig()); // a disabled action is the admin's choice; the grant is spent either way
        context.success(EmergencyGrant.TYPE);
    }

    /**
     * Someone who has the password can keep the second step locked; the help desk's code, issued
     * after verifying the person, still works (it is single-use, short-lived and counted).
     */
    @Override
    protected boolean heldByLock() {
        return false;
    }

    /** Emergency access never creates trust: it exists because the user lost a factor. */
    @Override
    protected boolean offersTrust() {
        return false;
    }

    @Override
    protected Response page(AuthenticationFlowContext context, TwofoldPolicy policy) {
        return render(context.form());
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return TwofoldRequest.of(session, realm).emergencyAccess().active(user).isPresent();
    }

    @Override
    public EmergencyGrantCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (EmergencyGrantCredentialProvider) session.getProvider(CredentialProvider.class, EmergencyGrantCredentialProviderFactory.PROVIDER_ID);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Granted by an admin; never set up by the user.
    }
}
