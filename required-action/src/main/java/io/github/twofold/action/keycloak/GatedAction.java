package io.github.twofold.action.keycloak;

import io.github.twofold.signin.SignInGuard;
import java.util.function.Predicate;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One of Keycloak's own required actions with a Twofold check in front of its page and of its
 * form post: everything else is Keycloak's, called as it is. The check puts its own page into the
 * context when it says no. Its triggers run Twofold's checks after every sign-in first.
 */
class GatedAction implements RequiredActionProvider {

    private final RequiredActionProvider keycloak;
    private final Predicate<RequiredActionContext> beforePage;
    private final Predicate<RequiredActionContext> beforePost;

    GatedAction(RequiredActionProvider keycloak, Predicate<RequiredActionContext> beforePage, Predicate<RequiredActionContext> beforePost) {
        this.keycloak = keycloak;
        this.beforePage = beforePage;
        this.beforePost = beforePost;
    }

    /** The same check before the page and before the post. */
    static GatedAction gated(RequiredActionProvider keycloak, Predicate<RequiredActionContext> check) {
        return new GatedAction(keycloak, check, check);
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        SignInGuard.evaluate(context);
        keycloak.evaluateTriggers(context);
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (beforePage.test(context)) {
            keycloak.requiredActionChallenge(context);
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (beforePost.test(context)) {
            keycloak.processAction(context);
        }
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return keycloak.initiatedActionSupport();
    }

    @Override
    public void initiatedActionCanceled(KeycloakSession session, AuthenticationSessionModel authSession) {
        keycloak.initiatedActionCanceled(session, authSession);
    }

    @Override
    public int getMaxAuthAge(KeycloakSession session) {
        return keycloak.getMaxAuthAge(session);
    }

    @Override
    public void close() {
        keycloak.close();
    }
}
