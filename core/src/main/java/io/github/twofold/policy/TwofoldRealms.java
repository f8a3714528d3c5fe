package io.github.twofold.policy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Which realms use Twofold: those with a Twofold policy, or with a Twofold step in one of their
 * authentication flows. Twofold's guards over Keycloak's own entry points (its set-up and removal
 * actions, the Account REST API, the checks after each sign-in) act only there; every other realm
 * on the server behaves as stock Keycloak.
 */
public final class TwofoldRealms {

    /** Prefix of every Twofold provider id. */
    public static final String ID_PREFIX = "twofold-";

    /** What other parts of Twofold set up in a realm that starts using it (e.g. the emergency-access role). */
    private static final List<Consumer<RealmModel>> ON_START_USING = new CopyOnWriteArrayList<>();

    private TwofoldRealms() {
    }

    /** Registers {@code setUp} to run when a realm starts using Twofold (its policy is created). */
    public static void onStartUsing(Consumer<RealmModel> setUp) {
        ON_START_USING.add(setUp);
    }

    /** Called when a realm's policy is created: runs what was registered with {@link #onStartUsing}. */
    static void startedUsing(RealmModel realm) {
        ON_START_USING.forEach(setUp -> setUp.accept(realm));
    }

    public static boolean inUse(RealmModel realm) {
        return realm != null && (TwofoldPolicy.exists(realm) || hasTwofoldStep(realm));
    }

    private static boolean hasTwofoldStep(RealmModel realm) {
        return realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .anyMatch(TwofoldRealms::isTwofoldStep);
    }

    /** Whether the flow with this id (an empty id: no flow) has a Twofold step, in itself or a sub-flow. */
    public static boolean hasTwofoldStep(RealmModel realm, String flowId) {
        return flowId != null && !flowId.isBlank() && realm.getAuthenticationExecutionsStream(flowId)
                .anyMatch(step -> isTwofoldStep(step) || step.getFlowId() != null && hasTwofoldStep(realm, step.getFlowId()));
    }

    private static boolean isTwofoldStep(AuthenticationExecutionModel step) {
        return step.getAuthenticator() != null && step.getAuthenticator().startsWith(ID_PREFIX);
    }

    /** Reads with {@code realm} as the session's realm: some of Keycloak's stores (identity providers) take the realm from there. */
    public static <T> T inContext(KeycloakSession session, RealmModel realm, Supplier<T> read) {
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            return read.get();
        } finally {
            session.getContext().setRealm(previous);
        }
    }
}
