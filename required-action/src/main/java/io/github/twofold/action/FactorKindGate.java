package io.github.twofold.action;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.FactorKinds;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventType;

/**
 * Every set-up of an authenticator app or a phone goes through here, Twofold's page and Keycloak's
 * own action alike (also when an application starts it with {@code kc_action}): where the realm
 * policy does not allow that kind of factor for the user ({@link FactorKinds}), nothing is stored,
 * an event says why, and the page says what to use instead.
 */
public final class FactorKindGate {

    private static final Map<String, String> MESSAGES = Map.of(
            FactorKinds.PHISHING_RESISTANT_ONLY, "twofoldPasskeyOnly",
            FactorKinds.SMS_ENROLLMENT_ENDED, "twofoldSmsEnrollmentEnded");

    private FactorKindGate() {
    }

    /** True when the policy allows setting up {@code method}; otherwise the context already holds the explanation. */
    public static boolean check(RequiredActionContext context, String method) {
        Optional<String> refusal = FactorKinds.refusal(context.getSession(), context.getRealm(), context.getUser(), method);
        if (refusal.isEmpty()) {
            return true;
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION_ERROR)
                .detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_KIND_REFUSED.key())
                .detail(TwofoldEvents.METHOD, method)
                .detail(TwofoldEvents.REASON, refusal.get())
                .error("twofold_factor_kind_refused");
        context.challenge(context.form().setError(MESSAGES.get(refusal.get())).createErrorPage(Response.Status.FORBIDDEN));
        return false;
    }
}
