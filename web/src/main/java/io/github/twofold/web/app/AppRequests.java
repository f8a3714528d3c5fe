package io.github.twofold.web.app;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.FactorKinds;
import io.github.twofold.integrity.SecondFactorLevel;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.report.ReportHold;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.OptionalInt;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/**
 * What every app API endpoint does with its caller: the event of the call, the rule that a change
 * needs a fresh second factor, the refusal of a factor kind the policy does not allow, and the
 * JSON answers.
 */
final class AppRequests {

    static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;

    private final KeycloakSession session;

    AppRequests(KeycloakSession session) {
        this.session = session;
    }

    /** 201 with the created thing as JSON. */
    static Response.ResponseBuilder created(Map<String, Object> body) {
        return Response.status(Response.Status.CREATED).type(JSON).entity(Json.write(body));
    }

    /** A change needs a second factor verified within the freshness window in the token's session. */
    void mayChange(AppCaller caller) {
        if (ReportHold.holds(caller.user())) {
            event(caller, EventType.UPDATE_CREDENTIAL_ERROR).detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_CHANGE_REFUSED.key())
                    .detail(TwofoldEvents.REASON, "report_hold").detail("twofold_entry_point", "app_api")
                    .error("twofold_report_hold");
            throw new Problem(Response.Status.FORBIDDEN, "report-hold", "Second factors are on hold",
                    "The user reported a change to this account as not theirs: second factors cannot change until an administrator lifts the hold.");
        }
        if (SecondFactorProof.mayChange(session, caller.realm(), caller.user(), caller.userSession())) {
            return;
        }
        event(caller, EventType.UPDATE_CREDENTIAL_ERROR).detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_CHANGE_REFUSED.key())
                .detail(TwofoldEvents.REASON, "no_fresh_second_factor").detail("twofold_entry_point", "app_api")
                .error("twofold_fresh_second_factor_required");
        OptionalInt level = SecondFactorLevel.forClient(session, caller.realm(), caller.client());
        String acr = level.isPresent() ? SecondFactorLevel.acrValue(caller.client(), level.getAsInt()) : null;
        Problem problem = new Problem(Response.Status.FORBIDDEN, "fresh-second-factor-required", "Sign in again with a second factor",
                "Changing second factors needs a second factor verified in the last " + SecondFactorProof.freshSeconds(caller.realm()) / 60
                        + " minutes in this session: send the user through an authorization request with max_age=0"
                        + (acr == null ? "" : " and acr_values=" + acr) + ", then call again with the new token.")
                .with("max_age", 0);
        if (acr != null) {
            problem.with("acr_values", acr);
        }
        throw problem.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_user_authentication\""
                + (acr == null ? "" : ", acr_values=\"" + acr + "\"") + ", max_age=0");
    }

    Problem kindRefused(AppCaller caller, String method, String reason) {
        event(caller, EventType.UPDATE_CREDENTIAL_ERROR).detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_KIND_REFUSED.key())
                .detail(TwofoldEvents.METHOD, method).detail(TwofoldEvents.REASON, reason).error("twofold_factor_kind_refused");
        return new Problem(Response.Status.FORBIDDEN, "factor-kind-refused", "Not allowed for this account",
                FactorKinds.PHISHING_RESISTANT_ONLY.equals(reason)
                        ? "The realm requires a passkey or security key for this account."
                        : "This kind of second factor can no longer be set up.").with("reason", reason);
    }

    EventBuilder event(AppCaller caller, EventType type) {
        return new EventBuilder(caller.realm(), session, session.getContext().getConnection()).event(type)
                .user(caller.user()).session(caller.userSession()).client(caller.client())
                .detail("twofold_entry_point", "app_api");
    }
}
