package io.github.twofold.authenticator.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AmrProtocolMapper;
import org.keycloak.representations.IDToken;

/**
 * {@code twofold-amr-mapper}: Keycloak's AMR mapper, plus {@code mfa} (RFC 8176) when the session
 * used the password and a second factor. An emergency code does not count as a second factor: a
 * token from an emergency login carries {@code emergency}, never {@code mfa}, so an API that checks
 * for {@code mfa} refuses it.
 */
public class MfaAmrProtocolMapper extends AmrProtocolMapper {

    public static final String PROVIDER_ID = "twofold-amr-mapper";
    public static final String MFA = "mfa";
    /** amr values of second factors: Keycloak's TOTP, Twofold's SMS and backup codes, security keys. */
    static final Set<String> SECOND_FACTORS = Set.of("otp", "sms", "backup", "hwk", "swk");
    static final Set<String> FIRST_FACTORS = Set.of("pwd", "pin", "kba");

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Twofold: authentication methods (amr) with mfa";
    }

    @Override
    public String getHelpText() {
        return "Like 'Authentication Method Reference (AMR)', and adds 'mfa' when the password and a second factor (otp, sms, backup, hwk, swk) were used. An emergency code never gives 'mfa'.";
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession, KeycloakSession keycloakSession,
                            ClientSessionContext clientSessionCtx) {
        List<String> amr = new ArrayList<>(getAmr(clientSessionCtx.getClientSession(), userSession.getRealm()));
        if (withMfa(amr)) {
            amr.add(MFA);
        }
        token.setOtherClaims(OAuth2Constants.AUTHENTICATOR_METHOD_REFERENCE, amr);
    }

    static boolean withMfa(List<String> amr) {
        return !amr.contains(MFA) && amr.stream().anyMatch(FIRST_FACTORS::contains) && amr.stream().anyMatch(SECOND_FACTORS::contains);
    }
}
