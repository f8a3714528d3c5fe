package io.github.twofold.authenticator.sms;

import io.github.twofold.authenticator.CodeStepFactory;
import io.github.twofold.credential.SmsCredentialModel;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** {@code twofold-sms-code}; adds {@code sms} (RFC 8176) to {@code amr}. */
public class SmsCodeAuthenticatorFactory extends CodeStepFactory {

    public static final String PROVIDER_ID = "twofold-sms-code";
    public static final String AMR = "sms";
    private static final SmsCodeAuthenticator SINGLETON = new SmsCodeAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Twofold SMS code";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time code by SMS to the user's verified phone and checks it. Reloads never send another SMS.";
    }

    @Override
    protected String credentialType() {
        return SmsCredentialModel.TYPE;
    }

    @Override
    protected String defaultAmrValue() {
        return AMR;
    }
}
