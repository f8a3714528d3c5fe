package io.github.twofold.action.backup;

import io.github.twofold.action.FactorAction;
import io.github.twofold.action.FactorChangeGate;
import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.code.BackupCodeFormat;
import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.BackupCodesCredentialModel;
import io.github.twofold.credential.BackupCodesCredentialProvider;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code twofold-backup-codes}: creates a set of backup codes and shows it exactly once, with
 * copy, download and print; the set becomes active (replacing every older code at once) only
 * when the user confirms that the codes are saved. Until then a reload shows the same set, which
 * lives only in the authentication session. Creating a set when the user already has a second
 * factor needs a fresh one ({@link FactorChangeGate}).
 *
 * <p>After a login with a backup code the same action first says how many codes are left and
 * offers a new set (or requires one, when none are left).
 */
public class BackupCodesAction extends FactorAction {

    public static final String CODES_TEMPLATE = "twofold-backup-codes.ftl";
    public static final String LEFT_TEMPLATE = "twofold-backup-codes-left.ftl";
    /** Auth-session note holding the shown, not yet confirmed set: offset, then the codes. */
    static final String PENDING_NOTE = "twofold.backup-codes-pending";
    static final String FIELD_CONFIRM = "confirm";
    static final String FIELD_SAVED = "saved";
    static final String FIELD_CONTINUE = "continue";
    static final String FIELD_NEW_SET = "new-set";

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (showsRemaining(context)) {
            leftPage(context);
        } else {
            codesPage(context, false);
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (showsRemaining(context)) {
            if (form.containsKey(FIELD_NEW_SET)) {
                authSession.removeAuthNote(BackupCodes.USED_IN_LOGIN_NOTE);
                codesPage(context, false);
            } else if (form.containsKey(FIELD_CONTINUE)) {
                authSession.removeAuthNote(BackupCodes.USED_IN_LOGIN_NOTE);
                context.success();
            } else {
                leftPage(context);
            }
            return;
        }
        if (!form.containsKey(FIELD_CONFIRM)) {
            codesPage(context, false);
            return;
        }
        if (!"on".equals(form.getFirst(FIELD_SAVED))) {
            codesPage(context, true);
            return;
        }
        if (!FactorChangeGate.check(context)) {
            return;
        }
        BackupCodeFormat.GeneratedSet set = pending(authSession);
        if (set == null) { // no set was shown in this login (e.g. a forged POST): show one first
            codesPage(context, false);
            return;
        }
        String created = TwofoldRequest.of(context.getSession(), context.getRealm()).backupCodes().activate(context.getUser(), set);
        authSession.removeAuthNote(PENDING_NOTE);
        authSession.removeAuthNote(BackupCodes.USED_IN_LOGIN_NOTE);
        TwofoldEvents.credentialChanged(context.getEvent(), BackupCodesCredentialModel.TYPE, TwofoldEvent.BACKUP_CODES_CREATED,
                        TwofoldEvents.METHOD_BACKUP_CODE)
                .detail(TwofoldEvents.REMAINING, Integer.toString(set.codes().size()))
                .detail(Details.CREDENTIAL_ID, created)
                .success();
        context.success();
    }

    /** After a backup-code login, unless a new set is required: say how many are left. */
    private static boolean showsRemaining(RequiredActionContext context) {
        return context.getAuthenticationSession().getAuthNote(BackupCodes.USED_IN_LOGIN_NOTE) != null && !newSetRequired(context.getUser());
    }

    /** The user must create a set before going on (no codes left, or the policy says so after any use). */
    private static boolean newSetRequired(UserModel user) {
        return user.getRequiredActionsStream().anyMatch(BackupCodesCredentialProvider.GENERATE_ACTION::equals);
    }

    private void leftPage(RequiredActionContext context) {
        TwofoldRequest request = TwofoldRequest.of(context.getSession(), context.getRealm());
        TwofoldPolicy policy = request.policyFor(context.getUser());
        BackupCodes codes = request.backupCodes();
        Optional<BackupCodesCredentialModel> set = codes.current(context.getUser());
        int remaining = set.map(codes::remaining).orElse(0);
        int total = set.map(c -> c.data().total).orElse(0);
        context.challenge(context.form()
                .setAttribute("twofoldRemaining", remaining)
                .setAttribute("twofoldTotal", total)
                .setAttribute("twofoldFewLeft", remaining < policy.backupCodeWarnBelow())
                .createForm(LEFT_TEMPLATE));
    }

    private void codesPage(RequiredActionContext context, boolean notConfirmed) {
        if (!FactorChangeGate.check(context)) {
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        BackupCodeFormat.GeneratedSet set = pending(authSession);
        if (set == null) {
            set = BackupCodeFormat.generate(TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()).backupCodeCount());
            authSession.setAuthNote(PENDING_NOTE, set.offset() + ":" + String.join(",", set.codes()));
        }
        if (notConfirmed) {
            context.form().addError(new FormMessage(FIELD_SAVED, "twofoldBackupCodesConfirmFirst"));
        }
        boolean forced = newSetRequired(context.getUser());
        int left = TwofoldRequest.of(context.getSession(), context.getRealm()).backupCodes().remaining(context.getUser());
        context.challenge(context.form()
                .setAttribute("twofoldCodes", set.codes().stream().map(BackupCodeFormat::display).toList())
                .setAttribute("twofoldReplacing", left > 0)
                .setAttribute("twofoldUsedLast", forced && left == 0)
                .setAttribute("twofoldRealmName", context.getRealm().getDisplayName() == null ? context.getRealm().getName() : context.getRealm().getDisplayName())
                .createForm(CODES_TEMPLATE));
    }

    /** The set shown in this login and not yet confirmed, if any. */
    private static BackupCodeFormat.GeneratedSet pending(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(PENDING_NOTE);
        if (note == null) {
            return null;
        }
        int colon = note.indexOf(':');
        List<String> codes = Arrays.asList(note.substring(colon + 1).split(","));
        return new BackupCodeFormat.GeneratedSet(List.copyOf(codes), Integer.parseInt(note.substring(0, colon)));
    }
}
