package io.github.twofold.action;

import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.SecondFactors;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventType;

/**
 * Every page that adds, replaces or removes a second factor goes through here: a user who already
 * has a second factor must have proven one in the last 5 minutes. Otherwise the page explains and
 * offers to sign in again (Keycloak re-runs the flow, second step included).
 */
public final class FactorChangeGate {

    public static final String TEMPLATE = "twofold-confirm-identity.ftl";

    private FactorChangeGate() {
    }

    /** True when the change may go on; otherwise the context already holds the explanation page. */
    public static boolean check(RequiredActionContext context) {
        if (SecondFactors.mayChange(context.getSession(), context.getRealm(), context.getUser(), context.getAuthenticationSession())) {
            return true;
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION_ERROR)
                .detail(TwofoldEvents.EVENT, "factor_change_refused")
                .detail(TwofoldEvents.REASON, "no_fresh_second_factor")
                .error("twofold_fresh_second_factor_required");
        Response page = context.form().setAttribute("twofoldFreshSeconds", SecondFactors.FRESH_SECONDS).createForm(TEMPLATE);
        context.challenge(page);
        return false;
    }
}
