package io.github.twofold.authenticator.enforce;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.integrity.PreferredFactor;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.integrity.SignInFactors;
import io.github.twofold.policy.EnrollAction;
import io.github.twofold.policy.Grace;
import io.github.twofold.policy.RequiredActions;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code twofold-require-second-factor}: closes the gap "conditional OTP skips users who never
 * enrolled". Placed as REQUIRED after the second-factor sub-flow, it lets a user without any second
 * factor finish the login only by setting one up (the configured required action, run before the
 * login completes), when the realm policy requires a second factor for that user. During a grace
 * period (N sign-ins, or until a date) the user may postpone, and is reminded each time.
 *
 * <p>Members of the policy's phishing-resistant groups ({@link FactorKinds}) need a passkey or
 * security key: without one they are reminded during grace and then add one; with one, a sign-in
 * whose second factor was a typed code (app or SMS) is refused.
 *
 * <p>For users with a second factor it remembers the one this login used, so that it is offered
 * first next time ({@link PreferredFactor}).
 *
 * <p>Step-up: when the application asks for at least the configured level of authentication
 * ({@code acr_values} mapped to a level, or an essential {@code acr} claim), a user without a second
 * factor must set one up now, whatever the policy and without grace: otherwise the flow's level-2
 * sub-flow would complete with the password alone and the token would claim level 2.
 */
public class RequireSecondFactorAuthenticator implements Authenticator {

    public static final String TEMPLATE = "twofold-set-up-reminder.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        UserModel user = context.getUser();
        if (SignInFactors.holdsUsable(context.getSession(), context.getRealm(), user, context.getAuthenticationSession())) {
            if (FactorKinds.phishingResistantOnly(context.getSession(), context.getRealm(), user, policy)) {
                passkeyOnly(context, policy);
                return;
            }
            PreferredFactor.rememberUsed(context.getSession(), context.getRealm(), user, context.getAuthenticationSession());
            context.success();
            return;
        }
        if (StepUp.requested(context)) {
            requireSetUp(context, "step_up");
            return;
        }
        if (!SecondFactors.requiredFor(context.getSession(), context.getRealm(), user, context.getAuthenticationSession().getClient(), policy)) {
            context.success();
            return;
        }
        remindOrRequire(context, policy, false);
    }

    /**
     * A member of a phishing-resistant group: with a passkey, a typed code does not sign them in;
     * without one, they add one (after the reminders of the grace period).
     */
    private static void passkeyOnly(AuthenticationFlowContext context, TwofoldPolicy policy) {
        UserModel user = context.getUser();
        if (!FactorKinds.hasPhishingResistant(user)) {
            remindOrRequire(context, policy, true);
            return;
        }
        Optional<String> typed = SecondFactorProof.credentialTypesUsedHere(context.getSession(), context.getRealm(), context.getAuthenticationSession())
                .filter(FactorKinds::phishable)
                .findFirst();
        if (typed.isPresent()) {
            context.getEvent().clone().event(EventType.LOGIN_ERROR).user(user)
                    .detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_KIND_REFUSED.key())
                    .detail(TwofoldEvents.REASON, FactorKinds.PHISHING_RESISTANT_ONLY)
                    .detail(TwofoldEvents.METHOD, typed.get())
                    .error("twofold_factor_kind_refused");
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                    context.form().setError("twofoldSignInWithPasskey").createErrorPage(Response.Status.FORBIDDEN));
            return;
        }
        PreferredFactor.rememberUsed(context.getSession(), context.getRealm(), user, context.getAuthenticationSession());
        context.success();
    }

    private static void remindOrRequire(AuthenticationFlowContext context, TwofoldPolicy policy, boolean passkey) {
        Grace grace = Grace.of(policy, context.getUser());
        if (grace.open()) {
            context.challenge(grace.describe(context.form()).setAttribute("twofoldPasskeyRequired", passkey).createForm(TEMPLATE));
            return;
        }
        require(context, passkey, "grace_over");
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        UserModel user = context.getUser();
        boolean passkey = FactorKinds.passkeyMissing(context.getSession(), context.getRealm(), user, policy)
                && SignInFactors.holdsUsable(context.getSession(), context.getRealm(), user, context.getAuthenticationSession());
        boolean later = context.getHttpRequest().getDecodedFormParameters().containsKey("later");
        int used = Grace.used(user);
        if (later && !StepUp.requested(context) && Grace.of(policy, used).open()) {
            user.setSingleAttribute(Grace.USED_ATTRIBUTE, Integer.toString(used + 1));
            context.getAuthenticationSession().setAuthNote(Grace.POSTPONED_NOTE, "true");
            context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(user)
                    .detail(TwofoldEvents.EVENT, TwofoldEvent.SECOND_FACTOR_SETUP_POSTPONED.key())
                    .detail("twofold_grace_left", Grace.of(policy, used + 1).describeForEvent())
                    .success();
            context.success();
            return;
        }
        require(context, passkey, later ? "grace_over" : "chosen");
    }

    private static void require(AuthenticationFlowContext context, boolean passkey, String reason) {
        if (passkey) {
            requirePasskey(context, reason);
        } else {
            requireSetUp(context, reason);
        }
    }

    /** A member of a phishing-resistant group adds a passkey or security key before the login completes. */
    private static void requirePasskey(AuthenticationFlowContext context, String reason) {
        if (!RequiredActions.enabled(context.getRealm(), WebAuthnPasswordlessRegisterFactory.PROVIDER_ID)) {
            setUpUnavailable(context);
            return;
        }
        context.getAuthenticationSession().addRequiredAction(WebAuthnPasswordlessRegisterFactory.PROVIDER_ID);
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(context.getUser())
                .detail(TwofoldEvents.EVENT, TwofoldEvent.SECOND_FACTOR_SETUP_REQUIRED.key())
                .detail(TwofoldEvents.REASON, reason)
                .detail(TwofoldEvents.METHOD, TwofoldPolicy.METHOD_PASSKEY)
                .success();
        context.success();
    }

    /**
     * The set-up action is switched off in the realm: refuse rather than let a user in without the
     * second factor the policy demands, with a page that says why (not Keycloak's "invalid username
     * or password") and an event for the admin; no brute-force failure is counted, nobody guessed.
     */
    private static void setUpUnavailable(AuthenticationFlowContext context) {
        context.getEvent().clone().event(EventType.LOGIN_ERROR).user(context.getUser()).error("twofold_setup_action_disabled");
        context.challenge(context.form().setError("twofoldSetUpUnavailable").createErrorPage(Response.Status.FORBIDDEN));
    }

    /** The login completes only after the required action has enrolled a factor. */
    private static void requireSetUp(AuthenticationFlowContext context, String reason) {
        if (!EnrollAction.require(context.getAuthenticationSession(), context.getAuthenticatorConfig())) {
            setUpUnavailable(context);
            return;
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(context.getUser())
                .detail(TwofoldEvents.EVENT, TwofoldEvent.SECOND_FACTOR_SETUP_REQUIRED.key())
                .detail(TwofoldEvents.REASON, reason)
                .success();
        context.success();
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
