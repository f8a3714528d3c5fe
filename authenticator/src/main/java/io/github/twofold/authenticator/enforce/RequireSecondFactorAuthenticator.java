package io.github.twofold.authenticator.enforce;

import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.policy.EnrollAction;
import io.github.twofold.policy.Grace;
import io.github.twofold.credential.PreferredFactor;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.policy.TwofoldPolicy;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
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
        TwofoldPolicy policy = TwofoldPolicy.of(context.getRealm());
        UserModel user = context.getUser();
        if (SecondFactors.hasAny(context.getSession(), context.getRealm(), user)) {
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
        Grace grace = Grace.of(policy, user);
        if (grace.open()) {
            context.challenge(grace.describe(context.form()).createForm(TEMPLATE));
            return;
        }
        requireSetUp(context, "grace_over");
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        TwofoldPolicy policy = TwofoldPolicy.of(context.getRealm());
        UserModel user = context.getUser();
        boolean later = context.getHttpRequest().getDecodedFormParameters().containsKey("later");
        int used = Grace.used(user);
        if (later && !StepUp.requested(context) && Grace.of(policy, used).open()) {
            user.setSingleAttribute(Grace.USED_ATTRIBUTE, Integer.toString(used + 1));
            context.getAuthenticationSession().setAuthNote(Grace.POSTPONED_NOTE, "true");
            context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(user)
                    .detail(TwofoldEvents.EVENT, "second_factor_setup_postponed")
                    .detail("twofold_grace_left", Grace.of(policy, used + 1).describeForEvent())
                    .success();
            context.success();
            return;
        }
        requireSetUp(context, later ? "grace_over" : "chosen");
    }

    /** The login completes only after the required action has enrolled a factor. */
    private static void requireSetUp(AuthenticationFlowContext context, String reason) {
        if (!EnrollAction.require(context.getAuthenticationSession(), context.getAuthenticatorConfig())) {
            // Misconfigured: refuse rather than let a user in without the second factor the policy demands.
            context.getEvent().error("twofold_setup_action_disabled");
            context.failure(AuthenticationFlowError.INTERNAL_ERROR);
            return;
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(context.getUser())
                .detail(TwofoldEvents.EVENT, "second_factor_setup_required")
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
