package io.github.twofold.authenticator.enforce;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code twofold-default-level}: a login whose application asked for no level of authentication
 * ({@code acr_values}) aims at the configured level (2: the second factor) instead of stopping after
 * level 1, which is what Keycloak's "Condition - Level of Authentication" does on its own. So
 * step-up works for applications that ask for it, and every other application (the account
 * console included) still gets the second factor. Put it first in the browser flow, before the
 * cookie, so that a level-1 session is stepped up as well.
 */
public class DefaultLevelAuthenticator implements Authenticator {

    /** Auth-session note: the level was set here, the application did not ask for it. */
    public static final String DEFAULTED_NOTE = "twofold.level.defaulted";
    static final LevelSetting LEVEL = new LevelSetting("defaultLevel", "Level",
            "The level a login aims at when its application asks for none.", 2);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION) == null) {
            authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION, Integer.toString(LEVEL.of(context.getAuthenticatorConfig())));
            authSession.setAuthNote(DEFAULTED_NOTE, "true");
        }
        context.success();
    }

    /** Whether the application itself asked for a level in this login. */
    public static boolean requestedByApplication(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(DEFAULTED_NOTE) == null
                && authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION) != null;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }

    @Override
    public boolean requiresUser() {
        return false;
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
