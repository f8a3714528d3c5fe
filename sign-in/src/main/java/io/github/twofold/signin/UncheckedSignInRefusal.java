package io.github.twofold.signin;

import io.github.twofold.integrity.SignInChecks;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;

/**
 * No token for a sign-in that Twofold's checks after sign-in did not pass, in a realm that uses
 * Twofold: whatever the flow, whichever required actions are enabled, whichever grant issues it.
 * Keycloak runs every token post-processor before any token response is built (authorization
 * code, password grant, token exchange, CIBA, device and JWT grants, implicit), so this is decided
 * from the session's state where tokens are issued, not at the doors that lead there. Exempt:
 * refreshes (the session's sign-in was decided when it began, and sessions from before this
 * record keep working) and service accounts (no person signs in). Tokens of the implicit and
 * hybrid flows are not refused here but by {@link UncheckedSignInPage}, which replaces the whole
 * authorization response.
 */
public class UncheckedSignInRefusal implements TokenPostProcessor {

    private static final Logger LOG = Logger.getLogger(UncheckedSignInRefusal.class);

    private final KeycloakSession session;

    public UncheckedSignInRefusal(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        if (context.requestRefreshToken() != null || context.clientSessionCtx() == null) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = context.clientSessionCtx().getClientSession();
        if (!SignInChecks.missing(clientSession)) {
            return;
        }
        String responseType = clientSession.getNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM);
        if (context.code() == null && responseType != null && responseType.contains("token")) {
            // implicit or hybrid: the tokens would go out with the authorization response, which
            // the sign-in's page replaces (an exception here became Keycloak's generic error page
            // when the session cookie signed the person in)
            UncheckedSignInPage.mark(session, clientSession);
            return;
        }
        RealmModel realm = clientSession.getRealm();
        LOG.warnf("Realm %s: no token for client %s: Twofold's checks after sign-in did not run for this session"
                + " (no enabled required action carries them, or the grant runs no sign-in flow)", realm.getName(), clientSession.getClient().getClientId());
        throw new Refusal();
    }

    /**
     * Keycloak's token endpoint answers with the exception's description, but the JWT
     * authorization grant catches it and answers with its message, which Keycloak's class leaves
     * empty: both carry the description here.
     */
    static final class Refusal extends TokenInterceptorException {

        Refusal() {
            super(OAuthErrorException.INVALID_GRANT, SignInChecks.REFUSAL);
        }

        @Override
        public String getMessage() {
            return getDescription();
        }
    }
}
