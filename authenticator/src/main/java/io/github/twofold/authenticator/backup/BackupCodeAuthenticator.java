package io.github.twofold.authenticator.backup;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.CodeFormAuthenticator;
import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.BackupCodesCredentialModel;
import io.github.twofold.credential.BackupCodesCredentialProvider;
import io.github.twofold.credential.BackupCodesCredentialProviderFactory;
import io.github.twofold.policy.RequiredActions;
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
 * {@code twofold-backup-code}: accepts any unused code of the user's set, in any order, normalised
 * once (spaces and dashes dropped, case folded, look-alikes mapped). After a code is used the
 * {@code twofold-backup-codes} action tells the user how many are left; when none are left (or the
 * policy says "after use") the user must create a new set before going on.
 */
public class BackupCodeAuthenticator extends CodeFormAuthenticator implements CredentialValidator<BackupCodesCredentialProvider> {

    public static final String TEMPLATE = "twofold-backup-code.ftl";

    @Override
    protected String method() {
        return TwofoldEvents.METHOD_BACKUP_CODE;
    }

    @Override
    protected String template() {
        return TEMPLATE;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        TwofoldRequest request = TwofoldRequest.of(context.getSession(), context.getRealm());
        TwofoldPolicy policy = request.policyFor(context.getUser());
        BackupCodes codes = request.backupCodes();
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_CODE);
        Optional<Integer> left = attemptFinding(context, policy, Optional.empty(), () -> {
            BackupCodes.Verification v = codes.verify(context.getUser(), typed);
            return (switch (v.check()) {
                case OK -> Verdict.accepted();
                case ALREADY_USED -> Verdict.rejected("twofoldBackupCodeUsed", "already_used");
                case NOT_A_CODE -> Verdict.notACode("twofoldInvalidBackupCode", typed);
                case WRONG -> Verdict.rejected("twofoldInvalidBackupCode", "wrong_code");
            }).with(v.remaining());
        });
        left.ifPresent(remaining -> {
            context.getEvent().detail(TwofoldEvents.REMAINING, Integer.toString(remaining));
            afterUse(context, policy, remaining);
            // an event of its own at once (like emergency access): the code is spent even if the sign-in goes no further
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.BACKUP_CODE_USED, TwofoldEvents.METHOD_BACKUP_CODE)
                    .detail(TwofoldEvents.REMAINING, Integer.toString(remaining)).success();
            context.success(BackupCodesCredentialModel.TYPE);
        });
    }

    /** Tells the user what is left, and makes a new set mandatory when none is (or after any use, by policy). */
    private void afterUse(AuthenticationFlowContext context, TwofoldPolicy policy, int remaining) {
        String action = BackupCodesCredentialProvider.GENERATE_ACTION;
        if (!RequiredActions.enabled(context.getRealm(), action)) {
            return; // the admin turned the action off; the account console still shows the count
        }
        context.getAuthenticationSession().setAuthNote(BackupCodes.USED_IN_LOGIN_NOTE, Integer.toString(remaining));
        if (remaining == 0 || policy.backupCodesRegenerateAfterUse()) {
            context.getUser().addRequiredAction(action);
        } else {
            context.getAuthenticationSession().addRequiredAction(action);
        }
    }

    @Override
    protected Response page(AuthenticationFlowContext context, TwofoldPolicy policy) {
        return render(withTrustOffer(context, policy, context.form()));
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return TwofoldRequest.of(session, realm).backupCodes().remaining(user) > 0;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Backup codes are never forced on their own: they back up another second factor.
    }

    @Override
    public BackupCodesCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (BackupCodesCredentialProvider) session.getProvider(CredentialProvider.class, BackupCodesCredentialProviderFactory.PROVIDER_ID);
    }
}
