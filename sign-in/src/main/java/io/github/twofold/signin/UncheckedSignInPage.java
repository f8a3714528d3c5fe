package io.github.twofold.signin;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorPage;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * The end of a browser sign-in that Twofold's checks after sign-in did not pass, in a realm that
 * uses Twofold ({@link UncheckedSignInListener} marks the request, or {@link UncheckedSignInRefusal}
 * when tokens were about to go out with the authorization response): instead of the sign-in's
 * response (an authorization code, tokens in any response mode, a SAML assertion), the person sees
 * a page saying sign-in is paused, and the client session is ended, so nothing that was built for
 * it is worth anything. On every Keycloak version; the token endpoint's own refusals
 * ({@link UncheckedSignInRefusal}, {@link UncheckedTokenResponseRefusal}) cover the grants that run
 * no browser sign-in.
 */
@Provider
public class UncheckedSignInPage implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(UncheckedSignInPage.class);

    /** The page's message (Twofold's message bundles, every language). */
    static final String PAGE_MESSAGE = "twofoldSignInChecksOff";

    /** The request's mark: the client session whose sign-in must not reach the application. */
    private static final String UNCHECKED = "twofold.unchecked-sign-in";

    /** Marks this request: its answer becomes the page, and the client session is ended. */
    static void mark(KeycloakSession session, AuthenticatedClientSessionModel clientSession) {
        session.setAttribute(UNCHECKED, clientSession);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        AuthenticatedClientSessionModel clientSession = session == null ? null
                : session.getAttribute(UNCHECKED, AuthenticatedClientSessionModel.class);
        if (clientSession == null) {
            return;
        }
        session.removeAttribute(UNCHECKED);
        LOG.warnf("Realm %s: sign-in to client %s refused: Twofold's checks after sign-in did not run for this session"
                + " (no enabled required action carries them)", clientSession.getRealm().getName(), clientSession.getClient().getClientId());
        clientSession.detachFromUserSession();
        Response page = ErrorPage.error(session, null, Response.Status.BAD_REQUEST, PAGE_MESSAGE);
        response.setStatus(page.getStatus());
        response.getHeaders().remove(HttpHeaders.LOCATION);
        page.getHeaders().forEach((name, values) -> response.getHeaders().put(name, new ArrayList<>(values)));
        response.setEntity(page.getEntity(), new Annotation[0], page.getMediaType());
    }
}
