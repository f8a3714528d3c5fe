package io.github.twofold.credential;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What Twofold's credential providers share: one stored credential type, and no
 * {@link #isValid} check, because codes are checked by the login steps, which also count and
 * limit them (a provider-level check would bypass those limits).
 */
public abstract class TwofoldCredentialProvider<T extends CredentialModel> implements CredentialProvider<T>, CredentialInputValidator {

    protected final KeycloakSession session;
    private final String type;

    protected TwofoldCredentialProvider(KeycloakSession session, String type) {
        this.session = session;
        this.type = type;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, T credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return type.equals(credentialType);
    }

    /** Metadata with what every Twofold type shares (category, message keys by convention). */
    protected CredentialTypeMetadata.CredentialTypeMetadataBuilder metadata(String helpTextKey, String icon) {
        return CredentialTypeMetadata.builder()
                .type(type)
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(type + "-display-name")
                .helpText(helpTextKey)
                .iconCssClass(icon)
                .removeable(true);
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return false;
    }
}
