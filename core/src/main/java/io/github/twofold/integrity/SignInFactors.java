package io.github.twofold.integrity;

import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.FactorKind;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.policy.Enforcement;
import io.github.twofold.policy.TwofoldPolicy;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Which kinds of second factor a flow can verify, which ones this sign-in verified, and whether a
 * user holds one the realm's sign-in can ask for. Read from Keycloak's state: the flow's enabled
 * steps, and the steps that succeeded in this authentication session.
 */
public final class SignInFactors {

    /** Auth-session note: the kind a {@link FactorStep} verified in this sign-in. */
    public static final String VERIFIED_NOTE = "twofold.verified.kind";

    private SignInFactors() {
    }

    /** The kinds of second factor the enabled steps of a flow (and its sub-flows) can verify. */
    public static Set<FactorKind> verifiable(KeycloakSession session, RealmModel realm, String flowId) {
        String key = "twofold.verifiable." + realm.getId() + "." + flowId;
        @SuppressWarnings("unchecked")
        Set<FactorKind> cached = (Set<FactorKind>) session.getAttribute(key);
        if (cached != null) {
            return cached;
        }
        EnumSet<FactorKind> kinds = EnumSet.noneOf(FactorKind.class);
        if (flowId != null) {
            SignInKind.steps(realm, flowId, execution -> kinds.addAll(kinds(session, SecondFactorProof.factory(session, realm, execution.getId()))), 0);
        }
        Set<FactorKind> result = Collections.unmodifiableSet(kinds);
        session.setAttribute(key, result);
        return result;
    }

    /** The kinds the browser flow used for this sign-in's client can verify. */
    public static Set<FactorKind> browserVerifiable(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        AuthenticationFlowModel flow = authSession == null ? null : AuthenticationFlowResolver.resolveBrowserFlow(authSession);
        return verifiable(session, realm, flow != null ? flow.getId() : realm.getBrowserFlow() == null ? null : realm.getBrowserFlow().getId());
    }

    /** The kinds the realm's browser flow can verify (no client known). */
    public static Set<FactorKind> browserVerifiable(KeycloakSession session, RealmModel realm) {
        return verifiable(session, realm, realm.getBrowserFlow() == null ? null : realm.getBrowserFlow().getId());
    }

    /**
     * Whether the user holds a second factor of one of these kinds (Twofold's backup codes only
     * while codes are left).
     */
    public static boolean holdsOneOf(KeycloakSession session, RealmModel realm, UserModel user, Set<FactorKind> kinds) {
        if (kinds.isEmpty()) {
            return false;
        }
        boolean stored = user.credentialManager().getStoredCredentialsStream()
                .map(c -> FactorKind.ofCredentialType(c.getType()).orElse(null))
                .anyMatch(kind -> kind != null && kind != FactorKind.BACKUP_CODES && kinds.contains(kind));
        return stored || kinds.contains(FactorKind.BACKUP_CODES) && new BackupCodes(session, realm).remaining(user) > 0;
    }

    /**
     * Whether the user holds a second factor that this sign-in's browser flow can ask for: a
     * credential no step of the flow verifies does not satisfy a requirement to have one.
     */
    public static boolean holdsUsable(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession) {
        return holdsOneOf(session, realm, user, browserVerifiable(session, realm, authSession));
    }

    /**
     * The browser flow's enforcement step ("require a second factor") when the policy requires
     * this user to have a second factor in this sign-in; empty when the flow has no such step or
     * the policy does not require it of the user (for this client).
     */
    public static Optional<AuthenticationExecutionModel> enforcement(KeycloakSession session, RealmModel realm, UserModel user,
                                                                     AuthenticationSessionModel authSession, TwofoldPolicy policy) {
        return Enforcement.step(realm, AuthenticationFlowResolver.resolveBrowserFlow(authSession))
                .filter(step -> SecondFactors.requiredFor(session, realm, user, authSession.getClient(), policy));
    }

    /** The kinds of second factor the steps that succeeded in this sign-in verified. */
    public static Set<FactorKind> verifiedHere(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        EnumSet<FactorKind> kinds = EnumSet.noneOf(FactorKind.class);
        SecondFactorProof.succeededHere(session, realm, authSession).forEach(factory -> {
            if (factory instanceof FactorStep) {
                String noted = authSession.getAuthNote(VERIFIED_NOTE);
                if (noted != null) {
                    kinds.add(FactorKind.valueOf(noted));
                }
            } else {
                kinds.addAll(kinds(session, factory));
            }
        });
        return kinds;
    }

    /** Records the kind a {@link FactorStep} verified. */
    public static void recordVerified(AuthenticationSessionModel authSession, FactorKind kind) {
        authSession.setAuthNote(VERIFIED_NOTE, kind.name());
    }

    /** The kinds a login step verifies when it succeeds: none for a step that proves no second factor. */
    static Set<FactorKind> kinds(KeycloakSession session, AuthenticatorFactory factory) {
        if (!SecondFactorProof.proves(factory)) {
            return Set.of();
        }
        if (factory instanceof FactorStep step) {
            return step.factorKinds();
        }
        Authenticator authenticator = session.getProvider(Authenticator.class, factory.getId());
        if (authenticator instanceof CredentialValidator<?> validator) {
            return only(validator.getType(session));
        }
        // a step of its own kind, such as the passkey that signed in on the username page
        return only(factory.getReferenceCategory());
    }

    private static Set<FactorKind> only(String credentialType) {
        return FactorKind.ofCredentialType(credentialType).<Set<FactorKind>>map(EnumSet::of).orElse(Set.of());
    }
}
