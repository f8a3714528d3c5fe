package io.github.twofold.signin;

import io.github.twofold.credential.SecondFactors;
import io.github.twofold.emergency.EmergencyAccess;
import io.github.twofold.policy.EnrollAction;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The user's second factors when this sign-in reached its end the first time (before any set-up
 * action ran), remembered in the authentication session, and what changed since: which factors
 * were enrolled in this sign-in, and whether one is still to be set up.
 */
public record SignInState(Set<String> factorsAtStart, Set<String> factorsNow, boolean emergency, boolean enrollmentPending) {

    /** Auth-session note: ids of the user's second-factor credentials when the flow first completed. */
    static final String FACTORS_AT_START = "twofold.factors.at.start";

    public static SignInState of(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        Set<String> now = user.credentialManager().getStoredCredentialsStream()
                .filter(c -> SecondFactors.isSecondFactor(c.getType()))
                .map(CredentialModel::getId)
                .collect(Collectors.toCollection(TreeSet::new));
        String noted = authSession.getAuthNote(FACTORS_AT_START);
        if (noted == null) {
            noted = String.join(",", now);
            authSession.setAuthNote(FACTORS_AT_START, noted);
        }
        Set<String> atStart = Arrays.stream(noted.split(",")).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        boolean pending = authSession.getRequiredActions().stream().anyMatch(EnrollAction.ALL::contains)
                || user.getRequiredActionsStream().anyMatch(EnrollAction.ALL::contains);
        return new SignInState(atStart, now, authSession.getAuthNote(EmergencyAccess.USED_IN_LOGIN_NOTE) != null, pending);
    }

    /**
     * Whether this sign-in gives the user a new second factor that stands in for a verified one:
     * a user who had none (trust on first use), or an emergency sign-in (an admin verified the
     * person), sets one up, or has one still to set up before anything is issued.
     */
    public boolean enrollsNewFactor() {
        return (factorsAtStart.isEmpty() || emergency) && (enrolledNew() || enrollmentPending);
    }

    /** Whether a second factor was added in this sign-in. */
    public boolean enrolledNew() {
        return factorsNow.stream().anyMatch(id -> !factorsAtStart.contains(id));
    }
}
