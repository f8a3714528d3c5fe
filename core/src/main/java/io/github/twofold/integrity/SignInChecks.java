package io.github.twofold.integrity;

import io.github.twofold.policy.TwofoldRealms;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Whether Twofold's checks after sign-in ran for a session. The checks run from the triggers of
 * Twofold's required actions, which an admin can switch off; so they record that they ran, and
 * tokens are issued only for sessions that carry the record. The record is a note of the client
 * session and of the user session (Keycloak copies both from the authentication session); no
 * request parameter can set either.
 */
public final class SignInChecks {

    static final String NOTE = "twofold.sign-in-checked";

    /** The description of a refused token (OAuth {@code invalid_grant}), on every Keycloak version. */
    public static final String REFUSAL = "This sign-in did not pass Twofold's checks after sign-in: its grant runs no sign-in flow"
            + " (CIBA, the JWT authorization grant), or the realm's administrator switched off the required action twofold-set-up-2fa";

    private SignInChecks() {
    }

    /** Called once the checks after a sign-in have passed. */
    public static void recordPassed(AuthenticationSessionModel authSession) {
        authSession.setClientNote(NOTE, "1");
        authSession.setUserSessionNote(NOTE, "1");
    }

    /**
     * Whether the checks passed for the sign-in behind this client session, or for the user
     * session it belongs to (a token exchange adds a client session to a checked user session).
     */
    public static boolean passed(AuthenticatedClientSessionModel clientSession) {
        if (clientSession == null) {
            return false;
        }
        UserSessionModel userSession = clientSession.getUserSession();
        return clientSession.getNote(NOTE) != null || userSession != null && userSession.getNote(NOTE) != null;
    }

    /**
     * Whether a token for this client session must be refused: a person's sign-in, in a realm that
     * uses Twofold, that the checks did not pass. Service accounts pass (no person signs in).
     */
    public static boolean missing(AuthenticatedClientSessionModel clientSession) {
        if (clientSession == null || passed(clientSession) || clientSession.getUserSession() == null) {
            return false;
        }
        UserModel user = clientSession.getUserSession().getUser();
        return user != null && user.getServiceAccountClientLink() == null && TwofoldRealms.inUse(clientSession.getRealm());
    }
}
