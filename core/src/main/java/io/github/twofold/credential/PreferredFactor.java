package io.github.twofold.credential;

import io.github.twofold.emergency.EmergencyGrant;
import java.util.List;
import java.util.Map;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel.ExecutionStatus;

/**
 * "The method used last is offered first": Keycloak offers first the alternative whose credential
 * comes first in the user's credential order, so the credential of the second factor this login
 * used moves to the front (behind an emergency-access grant, which stays first). Backup codes and
 * emergency codes never become the default: they stand in for the usual factor.
 */
public final class PreferredFactor {

    /** Steps whose success names the credential type the user chose. */
    private static final Map<String, String> CREDENTIAL_OF_STEP = Map.of(
            "auth-otp-form", OTPCredentialModel.TYPE,
            "twofold-sms-code", SmsCredentialModel.TYPE,
            "webauthn-authenticator", WebAuthnCredentialModel.TYPE_TWOFACTOR);

    private PreferredFactor() {
    }

    /** Moves the factor this login used to the front when it is not there yet (no write otherwise). */
    public static void rememberUsed(RealmModel realm, UserModel user, AuthenticationSessionModel authSession) {
        String type = usedType(realm, authSession);
        if (type == null) {
            return;
        }
        List<CredentialModel> credentials = user.credentialManager().getStoredCredentialsStream().toList();
        CredentialModel used = credentials.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        CredentialModel firstFactor = credentials.stream().filter(c -> CREDENTIAL_OF_STEP.containsValue(c.getType())).findFirst().orElse(null);
        if (used == null || used == firstFactor) {
            return;
        }
        String behind = credentials.stream().filter(c -> EmergencyGrant.TYPE.equals(c.getType())).map(CredentialModel::getId).findFirst().orElse(null);
        user.credentialManager().moveStoredCredentialTo(used.getId(), behind);
    }

    private static String usedType(RealmModel realm, AuthenticationSessionModel authSession) {
        for (Map.Entry<String, ExecutionStatus> step : authSession.getExecutionStatus().entrySet()) {
            if (step.getValue() != ExecutionStatus.SUCCESS) {
                continue;
            }
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(step.getKey());
            if (execution != null && execution.getAuthenticator() != null && CREDENTIAL_OF_STEP.containsKey(execution.getAuthenticator())) {
                return CREDENTIAL_OF_STEP.get(execution.getAuthenticator());
            }
        }
        return null;
    }
}
