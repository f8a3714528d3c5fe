package io.github.twofold.policy;

import java.util.Optional;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * Where the policy "who must have a second factor" is switched on: a browser flow that contains
 * the step {@code twofold-require-second-factor}, anywhere in it. Whether a login runs through that
 * step (an application may ask for level 1 only) does not matter: once grace is over, such a user
 * sets up a factor on every sign-in.
 */
public final class Enforcement {

    /** The login step that enforces the policy in a flow. */
    public static final String STEP_ID = "twofold-require-second-factor";

    private Enforcement() {
    }

    /** The flow's enforcement step (in the flow or a sub-flow), if it has one that is not disabled. */
    public static Optional<AuthenticationExecutionModel> step(RealmModel realm, AuthenticationFlowModel flow) {
        if (flow == null) {
            return Optional.empty();
        }
        return realm.getAuthenticationExecutionsStream(flow.getId())
                .filter(e -> !e.isDisabled())
                .map(e -> e.isAuthenticatorFlow() ? step(realm, realm.getAuthenticationFlowById(e.getFlowId())) : Optional.of(e)
                        .filter(x -> STEP_ID.equals(x.getAuthenticator())))
                .flatMap(Optional::stream)
                .findFirst();
    }
}
