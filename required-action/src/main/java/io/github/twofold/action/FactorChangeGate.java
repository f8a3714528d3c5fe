package io.github.twofold.action;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.integrity.SecondFactorLevel;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.policy.TwofoldRealms;
import io.github.twofold.report.ReportHold;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.OptionalInt;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.Urls;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Every page that adds, replaces or removes a second factor goes through here, Twofold's and
 * Keycloak's own (authenticator app, security keys, passkeys, recovery codes, removal): a user who
 * already has a second factor must have verified one within the policy's freshness window in this
 * sign-in ({@link SecondFactorProof}). Otherwise nothing is stored, an event says what was refused,
 * and a page offers to confirm it is them: Keycloak re-authenticates at the second-factor level
 * (like {@code prompt=login}), keeping the SSO session, and then the change goes on.
 */
public final class FactorChangeGate {

    public static final String TEMPLATE = "twofold-confirm-identity.ftl";
    /** The page when the user's factors are on hold after a report (Twofold's message bundles). */
    static final String HOLD_MESSAGE = "twofoldReportHold";

    private FactorChangeGate() {
    }

    /** True when the change may go on; otherwise the context already holds the explanation page. */
    public static boolean check(RequiredActionContext context) {
        return !onHold(context) && check(context, TwofoldEvent.FACTOR_CHANGE_REFUSED);
    }

    /**
     * After "this wasn't me" no factor changes until an administrator lifts the hold; an
     * emergency-access sign-in (an administrator verified the person) may set up a new one. The
     * password and e-mail address stay changeable: the user must be able to change the password.
     */
    private static boolean onHold(RequiredActionContext context) {
        if (!ReportHold.holds(context.getUser()) || !TwofoldRealms.inUse(context.getRealm())
                || context.getAuthenticationSession().getAuthNote(EmergencyAccess.USED_IN_LOGIN_NOTE) != null) {
            return false;
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION_ERROR)
                .detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_CHANGE_REFUSED.key())
                .detail(TwofoldEvents.REASON, "report_hold")
                .detail("twofold_action", context.getAction())
                .error("twofold_report_hold");
        context.challenge(context.form().setError(HOLD_MESSAGE).createErrorPage(Response.Status.FORBIDDEN));
        return true;
    }

    /** As {@link #check(RequiredActionContext)}, with the refusal reported as {@code refusedEvent}. */
    static boolean check(RequiredActionContext context, TwofoldEvent refusedEvent) {
        if (!TwofoldRealms.inUse(context.getRealm())
                || SecondFactorProof.mayChange(context.getSession(), context.getRealm(), context.getUser(), context.getAuthenticationSession())) {
            return true;
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION_ERROR)
                .detail(TwofoldEvents.EVENT, refusedEvent.key())
                .detail(TwofoldEvents.REASON, "no_fresh_second_factor")
                .detail("twofold_action", context.getAction())
                .error("twofold_fresh_second_factor_required");
        Response page = context.form()
                .setAttribute("twofoldFreshSeconds", SecondFactorProof.freshSeconds(context.getRealm()))
                .setAttribute("twofoldReauthenticateUrl", reauthenticate(context))
                .createForm(TEMPLATE);
        context.challenge(page);
        return false;
    }

    /**
     * Makes a restart of this sign-in a full re-authentication up to the second-factor level, and
     * returns the restart URL (the SSO session stays: no logout).
     */
    private static String reauthenticate(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setClientNote(OIDCLoginProtocol.PROMPT_PARAM, OIDCLoginProtocol.PROMPT_VALUE_LOGIN);
        OptionalInt level = SecondFactorLevel.forClient(context.getSession(), context.getRealm(), authSession.getClient());
        if (level.isPresent()) {
            authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION, Integer.toString(level.getAsInt()));
        }
        // Keycloak 26.4 has only the restart URL without the sign-in's identifiers; they are added here.
        URI restart = Urls.realmLoginRestartPage(context.getUriInfo().getBaseUri(), context.getRealm().getName(), true);
        return UriBuilder.fromUri(restart)
                .replaceQueryParam(Constants.CLIENT_ID, authSession.getClient().getClientId())
                .replaceQueryParam(Constants.CLIENT_DATA, AuthenticationProcessor.getClientData(context.getSession(), authSession))
                .replaceQueryParam(Constants.TAB_ID, authSession.getTabId())
                .build().toString();
    }
}
