package io.github.twofold.signin;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.FactorKind;
import io.github.twofold.http.BrowserDescription;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.trust.KnownBrowsers;
import io.github.twofold.trust.KnownCountries;
import io.github.twofold.trust.KnownNetworks;
import java.util.Optional;
import java.util.Set;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * After a browser sign-in that verified a second factor: did it come from a browser the user had
 * not signed in with before ({@link KnownBrowsers}), or else from a network they had not signed in
 * from ({@link KnownCountries}, with the operator's GeoIP database), or else from a network they had
 * not signed in from ({@link KnownNetworks})? Then the event {@code new_browser_sign_in},
 * {@code new_country_sign_in} or {@code new_network_sign_in}, from which the security e-mail
 * follows: one at most per sign-in.
 * Once per sign-in; a sign-in a trusted browser stood in for verified no factor here and is a known
 * browser anyway.
 */
public final class UnfamiliarSignInCheck {

    static final String CHECKED = "twofold.new-browser-checked";

    private UnfamiliarSignInCheck() {
    }

    public static void apply(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        if (authSession.getAuthNote(CHECKED) != null || !policy.newBrowserEmails() && !policy.newNetworkEmails() && !policy.newCountryEmails()) {
            return;
        }
        Set<FactorKind> verified = SignInFactors.verifiedHere(context.getSession(), context.getRealm(), authSession);
        if (verified.isEmpty()) {
            return;
        }
        authSession.setAuthNote(CHECKED, "1");
        String method = verified.iterator().next().amr();
        boolean newBrowser = policy.newBrowserEmails() && KnownBrowsers.rememberIsNew(context.getSession(), context.getRealm(), context.getUser());
        if (newBrowser) {
            String browser = BrowserDescription.of(context.getHttpRequest().getHttpHeaders().getHeaderString("User-Agent"));
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.NEW_BROWSER_SIGN_IN, method)
                    .user(context.getUser())
                    .detail(TwofoldEvents.BROWSER, browser)
                    .success();
        }
        // the country and the network are remembered also when the browser was new: that e-mail already named the address
        Optional<String> newCountry = policy.newCountryEmails() ? KnownCountries.rememberIsNew(context.getSession(), context.getUser()) : Optional.empty();
        Optional<String> newNetwork = policy.newNetworkEmails() ? KnownNetworks.rememberIsNew(context.getSession(), context.getUser()) : Optional.empty();
        if (newCountry.isPresent() && !newBrowser) {
            // a new country says more than a new network: one notice per sign-in
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.NEW_COUNTRY_SIGN_IN, method)
                    .user(context.getUser())
                    .detail(TwofoldEvents.COUNTRY, newCountry.get())
                    .success();
        } else if (newNetwork.isPresent() && !newBrowser) {
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.NEW_NETWORK_SIGN_IN, method)
                    .user(context.getUser())
                    .detail(TwofoldEvents.NETWORK, newNetwork.get())
                    .success();
        }
    }
}
