package io.github.twofold.trust;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class TrustedBrowserCredentialProviderFactory implements CredentialProviderFactory<TrustedBrowserCredentialProvider> {

    public static final String PROVIDER_ID = TrustedBrowserCredentialModel.TYPE;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new TrustedBrowserCredentialProvider(session);
    }
}
