package io.github.twofold.authenticator;

import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.http.BrowserDescription;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.trust.TrustedBrowsers;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Giving trust to the browser of a sign-in that just verified a second factor: the one place that
 * decides whether it may be offered and that stores it, for Twofold's code pages (their checkbox)
 * and for the offer page after Keycloak's own steps.
 */
public final class TrustGiving {

    /** The checkbox "Don't ask again on this browser for N days". */
    public static final String FIELD = "trustBrowser";
    /** Auth-session note: this sign-in gave trust already (no second offer). */
    static final String GIVEN_NOTE = "twofold.trust.given";

    private TrustGiving() {
    }

    /**
     * Whether this sign-in may create trust: the realm offers it, and it is neither an emergency
     * access nor the set-up of a first factor, and gave none yet.
     */
    public static boolean mayOffer(AuthenticationFlowContext context, TwofoldPolicy policy) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return policy.trustedBrowsersOn()
                && authSession.getAuthNote(EmergencyAccess.USED_IN_LOGIN_NOTE) == null
                && authSession.getAuthNote(SecondFactorProof.FIRST_SET_UP_NOTE) == null
                && authSession.getAuthNote(GIVEN_NOTE) == null
                // who must use a passkey signs in with it, not with a browser trusted after a code
                && !FactorKinds.phishingResistantOnly(context.getSession(), context.getRealm(), context.getUser(), policy);
    }

    /** Whether the request that is being handled ticked the box. */
    public static boolean ticked(AuthenticationFlowContext context) {
        return "on".equals(context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD));
    }

    /** Trusts this browser for the user; {@code method} is the second factor that was verified (for the event). */
    public static void give(AuthenticationFlowContext context, TwofoldPolicy policy, String method) {
        String browser = BrowserDescription.of(context.getHttpRequest().getHttpHeaders().getHeaderString("User-Agent"));
        TrustedBrowsers.Given given = TwofoldRequest.of(context.getSession(), context.getRealm()).trustedBrowsers().trust(context.getUser(), browser);
        context.getAuthenticationSession().setAuthNote(GIVEN_NOTE, "true");
        TwofoldEvents.action(context.getEvent(), TwofoldEvent.TRUSTED_BROWSER_ADDED, method).user(context.getUser())
                .detail(TwofoldEvents.BROWSER, browser)
                .detail("twofold_days", Integer.toString(policy.trustedBrowserDays()))
                .success();
        for (long i = 0; i < given.dropped(); i++) {
            TrustedBrowsers.reportRevoked(context.getEvent().clone(), context.getUser(), "limit");
        }
    }
}
