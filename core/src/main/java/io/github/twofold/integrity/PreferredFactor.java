package io.github.twofold.integrity;

import io.github.twofold.credential.SecondFactors;
import io.github.twofold.credential.CredentialTypes;
import java.util.List;
import java.util.Set;
import io.github.twofold.integrity.SecondFactorProof;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "The method used last is offered first": Keycloak offers first the alternative whose credential
 * comes first in the user's credential order, so the credential of the second factor this login
 * used moves to the front (behind an emergency-access grant and the trusted browsers, which stay
 * first). Backups (backup
 * codes, recovery codes) and emergency codes never become the default: they stand in for the usual
 * factor.
 */
public final class PreferredFactor {

    private static final Set<String> LEADING = Set.of(CredentialTypes.EMERGENCY_GRANT, CredentialTypes.TRUSTED_BROWSER);

    private PreferredFactor() {
    }

    /** Moves the factor this login used to the front when it is not there yet (no write otherwise). */
    public static void rememberUsed(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession) {
        String type = usedType(session, realm, authSession);
        if (type == null) {
            return;
        }
        List<CredentialModel> credentials = user.credentialManager().getStoredCredentialsStream().toList();
        CredentialModel used = credentials.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        CredentialModel firstFactor = credentials.stream().filter(c -> preferable(c.getType())).findFirst().orElse(null);
        if (used == null || used == firstFactor) {
            return;
        }
        user.credentialManager().moveStoredCredentialTo(used.getId(), lastLeading(credentials));
    }

    /**
     * The last of the credentials that stay in front of every factor (an emergency-access grant, the
     * trusted browsers: they are checked before a code is asked for), or null.
     */
    private static String lastLeading(List<CredentialModel> credentials) {
        String last = null;
        for (CredentialModel c : credentials) {
            if (LEADING.contains(c.getType())) {
                last = c.getId();
            }
        }
        return last;
    }

    private static boolean preferable(String type) {
        return SecondFactors.isSecondFactor(type) && !SecondFactors.isBackup(type);
    }

    /** The credential type of the second-factor step that succeeded in this login (a backup never counts). */
    private static String usedType(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        return SecondFactorProof.credentialTypesUsedHere(session, realm, authSession)
                .filter(PreferredFactor::preferable)
                .findFirst().orElse(null);
    }
}
