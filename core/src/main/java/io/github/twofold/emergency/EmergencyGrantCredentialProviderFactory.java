package io.github.twofold.emergency;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class EmergencyGrantCredentialProviderFactory implements CredentialProviderFactory<EmergencyGrantCredentialProvider> {

    public static final String PROVIDER_ID = EmergencyGrant.TYPE;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new EmergencyGrantCredentialProvider(session);
    }
}
