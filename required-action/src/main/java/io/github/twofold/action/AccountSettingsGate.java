package io.github.twofold.action;

import io.github.twofold.audit.TwofoldEvent;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.UserModel;

/**
 * The password and the e-mail address are how an account is recovered and where its security
 * notices go, so for a user who holds a second factor, changing them needs what changing a factor
 * needs: a second factor verified within the freshness window in this sign-in
 * ({@link FactorChangeGate}, same page and re-authentication). Keycloak's own actions
 * ({@code UPDATE_PASSWORD}, {@code UPDATE_EMAIL}, the e-mail field of {@code UPDATE_PROFILE}) ask
 * here whoever starts them: an application with {@code kc_action}, the account console, or the
 * sign-in. One exception, read from Keycloak's state: a sign-in that an e-mailed link of
 * Keycloak's (forgotten password, actions an admin sent) authenticated for this very user has
 * proved the mailbox, which is what a password reset rests on; the next sign-in still needs the
 * second factor.
 */
public final class AccountSettingsGate {

    private AccountSettingsGate() {
    }

    /** True when the change may go on; otherwise the context already holds the explanation page. */
    public static boolean check(RequiredActionContext context) {
        return mailboxProvedHere(context) || FactorChangeGate.check(context, TwofoldEvent.ACCOUNT_CHANGE_REFUSED);
    }

    private static boolean mailboxProvedHere(RequiredActionContext context) {
        UserModel user = context.getUser();
        return user != null && user.getId().equals(context.getAuthenticationSession().getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID));
    }
}
