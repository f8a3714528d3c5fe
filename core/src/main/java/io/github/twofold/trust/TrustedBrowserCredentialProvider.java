package io.github.twofold.trust;

import io.github.twofold.credential.TwofoldCredentialProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Lists trusted browsers in the account console ("Trusted browsers", each removable) and lets the
 * admin REST API list and delete them. A trusted browser is not a second factor: only a sign-in
 * that verified a second factor creates one (a realm export and import carries them over, as it
 * carries the user's other credentials), and removing one needs no fresh second factor.
 */
public class TrustedBrowserCredentialProvider extends TwofoldCredentialProvider<TrustedBrowserCredentialModel> {

    public TrustedBrowserCredentialProvider(KeycloakSession session) {
        super(session, TrustedBrowserCredentialModel.TYPE);
    }

    @Override
    public TrustedBrowserCredentialModel getCredentialFromModel(CredentialModel model) {
        return TrustedBrowserCredentialModel.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return metadata("twofoldTrustedBrowserHelpText", "fa fa-desktop list-view-pf-icon-lg").build(session);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType)
                && user.credentialManager().getStoredCredentialsByTypeStream(getType()).findAny().isPresent();
    }
}
