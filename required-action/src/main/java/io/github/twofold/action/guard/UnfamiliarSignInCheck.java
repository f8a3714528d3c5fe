package io.github.twofold.action.guard;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.FactorKind;
import io.github.twofold.http.BrowserDescription;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.trust.KnownBrowsers;
import java.util.Set;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * After a browser sign-in that verified a second factor: was it a browser the user had not signed
 * in with before ({@link KnownBrowsers})? Then the event {@code new_browser_sign_in}, from which
 * the security e-mail follows. Once per sign-in; a sign-in a trusted browser stood in for verified
 * no factor here and is a known browser anyway.
 */
public final class NewBrowserCheck {

    static final String CHECKED = "twofold.new-browser-checked";

    private NewBrowserCheck() {
    }

    public static void apply(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession.getAuthNote(CHECKED) != null || !TwofoldPolicy.of(context.getRealm()).newBrowserEmails()) {
            return;
        }
        Set<FactorKind> verified = SignInFactors.verifiedHere(context.getSession(), context.getRealm(), authSession);
        if (verified.isEmpty()) {
            return;
        }
        authSession.setAuthNote(CHECKED, "1");
        if (KnownBrowsers.rememberIsNew(context.getSession(), context.getRealm(), context.getUser())) {
            String browser = BrowserDescription.of(context.getHttpRequest().getHttpHeaders().getHeaderString("User-Agent"));
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.NEW_BROWSER_SIGN_IN, verified.iterator().next().amr())
                    .user(context.getUser())
                    .detail(TwofoldEvents.BROWSER, browser)
                    .success();
        }
    }
}
