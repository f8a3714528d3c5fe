package io.github.twofold.authenticator.trust;

import io.github.twofold.authenticator.RequiredStepFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** {@code twofold-trust-offer}: see {@link TrustOfferAuthenticator}. */
public class TrustOfferAuthenticatorFactory extends RequiredStepFactory {

    public static final String PROVIDER_ID = "twofold-trust-offer";
    private static final TrustOfferAuthenticator SINGLETON = new TrustOfferAuthenticator();

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
        return "Twofold: offer to trust this browser";
    }

    @Override
    public String getHelpText() {
        return "Put it REQUIRED after the second-factor sub-flow: after Keycloak's own second-factor steps (authenticator app, security key) it asks whether to trust the browser (realm policy 'Trusted browsers: days'). Twofold's SMS and backup-code pages ask on the page itself.";
    }
}
