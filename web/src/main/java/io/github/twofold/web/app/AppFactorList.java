package io.github.twofold.web.app;

import io.github.twofold.credential.BackupCodes;
import io.github.twofold.credential.BackupCodesCredentialModel;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.credential.SmsCredentialModel;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.report.ReportHold;
import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.trust.TrustedBrowserCredentialModel;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/** {@code GET factors}: the user's second factors, masked phone, backup codes left and trusted browsers. */
final class AppFactorList {

    private AppFactorList() {
    }

    static Response.ResponseBuilder of(KeycloakSession session, AppCaller caller) {
        UserModel user = caller.user();
        List<Map<String, Object>> factors = new ArrayList<>();
        String phone = null;
        int trusted = 0;
        for (CredentialModel c : user.credentialManager().getStoredCredentialsStream().toList()) {
            if (TrustedBrowserCredentialModel.TYPE.equals(c.getType())) {
                trusted++;
            }
            if (!SecondFactors.isSecondFactor(c.getType())) {
                continue;
            }
            String masked = SmsCredentialModel.TYPE.equals(c.getType()) ? SmsCredentialModel.from(c).maskedPhoneNumber() : null;
            Map<String, Object> factor = new LinkedHashMap<>();
            factor.put("id", c.getId());
            factor.put("kind", kind(c.getType()));
            factor.put("type", c.getType());
            factor.put("label", masked != null ? masked : c.getUserLabel());
            factor.put("created", c.getCreatedDate());
            factors.add(factor);
            if (masked != null) {
                phone = masked;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("factors", factors);
        body.put("phone", phone);
        body.put("backupCodesLeft", TwofoldRequest.of(session, caller.realm()).backupCodes().remaining(user));
        body.put("trustedBrowsers", trusted);
        body.put("secondFactorRequired", SecondFactors.requiredFor(session, caller.realm(), user, caller.client(), TwofoldRequest.of(session, caller.realm()).policyFor(user)));
        body.put("mayChangeFactors", !ReportHold.holds(user) && SecondFactorProof.mayChange(session, caller.realm(), user, caller.userSession()));
        return Response.ok(Json.write(body), AppRequests.JSON);
    }

    static String kind(String type) {
        return switch (type) {
            case OTPCredentialModel.TYPE -> TwofoldPolicy.METHOD_APP;
            case SmsCredentialModel.TYPE -> TwofoldPolicy.METHOD_SMS;
            case WebAuthnCredentialModel.TYPE_PASSWORDLESS -> TwofoldPolicy.METHOD_PASSKEY;
            case WebAuthnCredentialModel.TYPE_TWOFACTOR -> "security-key";
            case BackupCodesCredentialModel.TYPE -> "backup-codes";
            case RecoveryAuthnCodesCredentialModel.TYPE -> "recovery-codes";
            default -> "other";
        };
    }
}
