package io.github.twofold.authenticator.token;

import io.github.twofold.authenticator.grant.DirectGrantSecondFactorAuthenticator;
import io.github.twofold.integrity.PasskeySignIn;
import io.github.twofold.integrity.SecondFactorProof;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AmrProtocolMapper;
import org.keycloak.protocol.oidc.utils.AmrUtils;
import org.keycloak.representations.IDToken;

/**
 * {@code twofold-amr-mapper}: Keycloak's AMR mapper, plus {@code mfa} (RFC 8176) when the session
 * verified the password and a second factor ({@link SecondFactorProof#multiFactor}), whatever
 * {@code amr} values the admin configured, without the password form's value when a passkey
 * signed in there instead of a password ({@link PasskeySignIn}), and the method of Twofold's password-grant step
 * ({@code otp}, {@code sms} or {@code backup}), which checks one of several in one step. An emergency code does not count as a second factor: a
 * token from an emergency login carries {@code emergency}, never {@code mfa}, so an API that checks
 * for {@code mfa} refuses it.
 */
public class MfaAmrProtocolMapper extends AmrProtocolMapper {

    public static final String PROVIDER_ID = "twofold-amr-mapper";
    public static final String MFA = "mfa";

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
        return "Like 'Authentication Method Reference (AMR)', and adds 'mfa' when the session verified a password and a second factor (authenticator app, text message, backup code, security key, recovery code), or a passkey. An emergency code never gives 'mfa'.";
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession, KeycloakSession keycloakSession,
                            ClientSessionContext clientSessionCtx) {
        // Keycloak's own list, less the password form's value where that form was a passkey sign-in.
        List<String> amr = new ArrayList<>(AmrUtils.getAuthenticationExecutionReferences(PasskeySignIn.amrSteps(keycloakSession,
                userSession.getRealm(), userSession.getNote(Constants.AUTHENTICATORS_COMPLETED)), userSession.getRealm()));
        String grantMethod = userSession.getNote(DirectGrantSecondFactorAuthenticator.METHOD_NOTE);
        if (grantMethod != null && !amr.contains(grantMethod)) {
            amr.add(grantMethod);
        }
        if (!amr.contains(MFA) && SecondFactorProof.multiFactor(keycloakSession, userSession.getRealm(),
                userSession.getNote(Constants.AUTHENTICATORS_COMPLETED))) {
            amr.add(MFA);
        }
        token.setOtherClaims(OAuth2Constants.AUTHENTICATOR_METHOD_REFERENCE, amr);
    }
}
