package io.github.twofold.authenticator.trust;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.enforce.DefaultLevelAuthenticator;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.integrity.SecondFactorLevel;
import io.github.twofold.limit.ClientAddress;
import io.github.twofold.limit.KeycloakBruteForce;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.trust.TrustCheck;
import io.github.twofold.trust.TrustCookie;
import io.github.twofold.trust.TrustedBrowserCredentialModel;
import io.github.twofold.trust.TrustedBrowserCredentialProvider;
import io.github.twofold.trust.TrustedBrowsers;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code twofold-trusted-browser}: the first alternative of the second-factor step. On a browser
 * the user trusted after a second factor, with the policy on, it completes the step without a code;
 * the token then says {@code trusted-browser} in {@code amr} (never {@code mfa}). Anything else
 * passes on to the user's second factor: no cookie, a cookie that is not this user's, altered,
 * expired or revoked (refused and counted like a wrong code), and a sign-in whose application
 * demands a real second factor ({@code prompt=login}, {@code max_age=0}, or a level above what the
 * policy lets trust reach).
 */
public class TrustedBrowserAuthenticator implements Authenticator, CredentialValidator<TrustedBrowserCredentialProvider> {

    /** Refusals that look like an attack rather than an old or revoked trust: Keycloak's brute-force detector counts them too. */
    private static final Set<TrustCheck> SUSPICIOUS = Set.of(TrustCheck.MALFORMED, TrustCheck.UNKNOWN, TrustCheck.TAMPERED);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        Optional<String> cookie = TrustCookie.read(context.getSession());
        if (!policy.trustedBrowsersOn() || cookie.isEmpty()) {
            context.attempted();
            return;
        }
        Optional<String> demanded = realFactorDemanded(context, policy);
        if (demanded.isPresent()) {
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.TRUSTED_BROWSER_NOT_HONOURED, TrustedBrowsers.METHOD).user(context.getUser())
                    .detail(TwofoldEvents.REASON, demanded.get()).success();
            context.attempted();
            return;
        }
        UserModel user = context.getUser();
        TrustedBrowsers trusted = TwofoldRequest.of(context.getSession(), context.getRealm()).trustedBrowsers();
        VerificationGuard.Verification<TrustedBrowsers.Checked> verification = TwofoldRequest.of(context.getSession(), context.getRealm()).guard()
                .verifyUnguessable(user.getId(), ClientAddress.limitKey(context.getSession(), policy),
                        () -> trusted.check(user, cookie.get()), TrustedBrowsers.Checked::ok);
        if (verification.refused()) {
            // A limit holds (e.g. the second step is locked): the next step shows it.
            context.attempted();
            return;
        }
        if (verification.accepted()) {
            TrustedBrowserCredentialModel record = verification.result().record().orElseThrow();
            trusted.used(user, record);
            TwofoldEvents.action(context.getEvent(), TwofoldEvent.TRUSTED_BROWSER_USED, TrustedBrowsers.METHOD).user(user)
                    .detail(TwofoldEvents.BROWSER, record.browser()).success();
            context.success();
            return;
        }
        TrustCheck outcome = verification.result().outcome();
        TwofoldEvents.action(context.getEvent(), TwofoldEvent.TRUSTED_BROWSER_REFUSED, TrustedBrowsers.METHOD).user(user)
                .detail(TwofoldEvents.REASON, outcome.reason()).error("twofold_trusted_browser_refused");
        if (verification.locked()) {
            TwofoldEvents.locked(context.getEvent(), user, TrustedBrowsers.METHOD, verification.lockedForSeconds());
        }
        if (!SUSPICIOUS.contains(outcome)) {
            TrustedBrowsers.reportRevoked(context.getEvent().clone(), user, outcome.reason());
        } else {
            KeycloakBruteForce.failedSecondFactor(context.getSession(), context.getRealm(), user, context.getConnection(), context.getUriInfo());
        }
        TrustCookie.expire(context.getSession(), context.getRealm());
        context.attempted();
    }

    /**
     * Why this sign-in must verify a real second factor although the browser is trusted, if it must:
     * the application forces a new sign-in, or asks for a level above the one trust reaches.
     */
    static Optional<String> realFactorDemanded(AuthenticationFlowContext context, TwofoldPolicy policy) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String prompt = authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM);
        if (prompt != null && Set.of(prompt.split(" ")).contains(OIDCLoginProtocol.PROMPT_VALUE_LOGIN)) {
            return Optional.of("prompt_login");
        }
        if ("0".equals(authSession.getClientNote(OIDCLoginProtocol.MAX_AGE_PARAM))) {
            return Optional.of("max_age");
        }
        if (FactorKinds.phishingResistantOnly(context.getSession(), context.getRealm(), context.getUser(), policy)) {
            return Optional.of(FactorKinds.PHISHING_RESISTANT_ONLY);
        }
        if (DefaultLevelAuthenticator.requestedByApplication(authSession)) {
            OptionalInt secondFactorLevel = SecondFactorLevel.forClient(context.getSession(), context.getRealm(), authSession.getClient());
            int reached = secondFactorLevel.orElse(1) - (policy.trustedBrowserMeetsLevel() ? 0 : 1);
            int requested = new AcrStore(context.getSession(), authSession).getRequestedLevelOfAuthentication(context.getTopLevelFlow());
            if (requested > reached) {
                return Optional.of("level");
            }
        }
        return Optional.empty();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.attempted();
    }

    @Override
    public TrustedBrowserCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (TrustedBrowserCredentialProvider) session.getProvider(CredentialProvider.class, TrustedBrowserCredentialModel.TYPE);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /** Only for users who have a second factor to skip (trust never stands in for having none). */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return getCredentialProvider(session).isConfiguredFor(realm, user, getType(session))
                && SecondFactors.hasAny(session, realm, user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
