package io.github.twofold.authenticator.trust;

import io.github.twofold.authenticator.TrustGiving;
import io.github.twofold.authenticator.backup.BackupCodeAuthenticatorFactory;
import io.github.twofold.authenticator.sms.SmsCodeAuthenticatorFactory;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.trust.TrustCookie;
import java.util.Optional;
import java.util.Set;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-trust-offer}: after Keycloak's own second-factor steps (authenticator app,
 * security key, recovery codes), whose pages Twofold cannot add a checkbox to, one page asks "Trust
 * this browser?". Placed as REQUIRED after the second-factor sub-flow. It shows nothing when the
 * policy is off, when Twofold's own code pages verified the factor (they carry the checkbox),
 * when no second factor was verified in this sign-in (SSO, a trusted browser), for emergency access
 * and first set-up, and for a while after "Not now" on this browser.
 */
public class TrustOfferAuthenticator implements Authenticator {

    public static final String TEMPLATE = "twofold-trust-offer.ftl";
    /** Twofold's pages with the checkbox of their own. */
    private static final Set<String> OFFER_INLINE = Set.of(SmsCodeAuthenticatorFactory.PROVIDER_ID, BackupCodeAuthenticatorFactory.PROVIDER_ID);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        if (!TrustGiving.mayOffer(context, policy) || verifiedHere(context).isEmpty() || TrustCookie.declined(context.getSession())) {
            context.success();
            return;
        }
        context.challenge(context.form().setAttribute("twofoldTrustDays", policy.trustedBrowserDays()).createForm(TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        Optional<String> method = verifiedHere(context);
        boolean trust = context.getHttpRequest().getDecodedFormParameters().containsKey("trust");
        if (trust && method.isPresent() && TrustGiving.mayOffer(context, policy)) {
            TrustGiving.give(context, policy, method.get());
        } else if (!trust) {
            TrustCookie.decline(context.getSession(), context.getRealm(), policy.trustedBrowserDays() * 86400);
        }
        context.success();
    }

    /**
     * The reference category ({@code otp}, {@code webauthn}, ...) of a step of Keycloak's that
     * verified a second factor in this very sign-in, if one did.
     */
    private static Optional<String> verifiedHere(AuthenticationFlowContext context) {
        return SecondFactorProof.succeededHere(context.getSession(), context.getRealm(), context.getAuthenticationSession())
                .filter(factory -> SecondFactorProof.proves(factory) && !SecondFactorProof.fallbackOnly(factory) && !OFFER_INLINE.contains(factory.getId()))
                .map(AuthenticatorFactory::getReferenceCategory)
                .findFirst();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
