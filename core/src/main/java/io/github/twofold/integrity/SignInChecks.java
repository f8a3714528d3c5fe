package io.github.twofold.integrity;

import org.keycloak.models.AuthenticatedClientSessionModel;
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
}
