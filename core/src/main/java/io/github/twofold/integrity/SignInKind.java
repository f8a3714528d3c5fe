package io.github.twofold.integrity;

import java.util.HashSet;
import java.util.Set;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Which kind of sign-in an authentication session is, read from Keycloak's own record of it: the
 * steps that ran belong to the client's direct grant flow (the password grant at the token
 * endpoint) or not (a browser sign-in, SSO re-use, an action token, a password reset). Never from
 * a request parameter: a form post can carry {@code grant_type}, a flow cannot run steps it does
 * not have.
 */
public enum SignInKind {

    BROWSER,
    PASSWORD_GRANT;

    public static SignInKind of(RealmModel realm, AuthenticationSessionModel authSession) {
        Set<String> ran = authSession.getExecutionStatus().keySet();
        if (ran.isEmpty()) {
            return BROWSER;
        }
        AuthenticationFlowModel directGrant = AuthenticationFlowResolver.resolveDirectGrantFlow(authSession);
        if (directGrant == null) {
            return BROWSER;
        }
        Set<String> grantSteps = executions(realm, directGrant.getId(), new HashSet<>());
        AuthenticationFlowModel browser = AuthenticationFlowResolver.resolveBrowserFlow(authSession);
        Set<String> browserSteps = browser == null ? Set.of() : executions(realm, browser.getId(), new HashSet<>());
        boolean grantOnly = ran.stream().anyMatch(id -> grantSteps.contains(id) && !browserSteps.contains(id));
        // the same flow bound to both: the password grant's session has no redirect URI, a browser's always has one
        boolean shared = authSession.getRedirectUri() == null && grantSteps.containsAll(ran);
        return grantOnly || shared ? PASSWORD_GRANT : BROWSER;
    }

    /** The ids of every execution in a flow and its sub-flows. */
    static Set<String> executions(RealmModel realm, String flowId, Set<String> into) {
        if (!into.add("flow:" + flowId)) {
            return into; // a flow that includes itself
        }
        realm.getAuthenticationExecutionsStream(flowId).forEach(execution -> {
            into.add(execution.getId());
            if (execution.isAuthenticatorFlow() && execution.getFlowId() != null) {
                executions(realm, execution.getFlowId(), into);
            }
        });
        return into;
    }

    /** Every enabled login step in a flow and its sub-flows. */
    static void steps(RealmModel realm, String flowId, java.util.function.Consumer<AuthenticationExecutionModel> step, int depth) {
        if (depth > 20) {
            return; // a flow that includes itself
        }
        realm.getAuthenticationExecutionsStream(flowId)
                .filter(execution -> execution.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED)
                .forEach(execution -> {
                    if (execution.isAuthenticatorFlow()) {
                        steps(realm, execution.getFlowId(), step, depth + 1);
                    } else {
                        step.accept(execution);
                    }
                });
    }
}
