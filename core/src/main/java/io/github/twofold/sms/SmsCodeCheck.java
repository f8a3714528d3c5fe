package io.github.twofold.sms;

import io.github.twofold.code.CodeCheck;
import io.github.twofold.code.PendingCode;
import io.github.twofold.code.PendingCodes;
import org.keycloak.models.KeycloakSession;

/**
 * Checks a typed SMS code, the one way every page, the password grant and the app API do it: a
 * code Twofold made is compared with its hash; a code a gateway made itself (Twilio Verify) is
 * asked about at that gateway. Either way the pending code's binding (this login, this phone),
 * its expiry and its single use are Twofold's, decided before and after the comparison.
 */
public final class SmsCodeCheck {

    private SmsCodeCheck() {
    }

    /**
     * @param target the pending code's binding (the phone credential's id at sign-in, the number at enrollment)
     * @param e164   the number the code went to (a gateway that made the code is asked about it)
     */
    public static CodeCheck check(KeycloakSession session, PendingCodes pending, PendingCode code, String target, String e164,
                                  String typed, int length) {
        if (code == null || code.checkedBy() == null) {
            return pending.check(code, target, typed, length);
        }
        return pending.check(code, target, typed, length, digits -> askGateway(session, code.checkedBy(), e164, digits));
    }

    private static CodeCheck askGateway(KeycloakSession session, String gatewayId, String e164, String digits) {
        SmsGateway gateway;
        try {
            gateway = session.getProvider(SmsGateway.class, gatewayId);
        } catch (RuntimeException e) {
            gateway = null;
        }
        if (gateway == null) {
            return CodeCheck.UNAVAILABLE; // the gateway was taken out of the configuration since the code was sent
        }
        return switch (gateway.checkOwnCode(e164, digits)) {
            case RIGHT -> CodeCheck.OK;
            case WRONG -> CodeCheck.WRONG;
            case EXPIRED -> CodeCheck.EXPIRED;
            case UNAVAILABLE -> CodeCheck.UNAVAILABLE;
        };
    }
}
