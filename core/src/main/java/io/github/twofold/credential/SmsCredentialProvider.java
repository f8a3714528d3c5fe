package io.github.twofold.credential;

import io.github.twofold.phone.PhoneNumbers;
import io.github.twofold.policy.TwofoldPolicy;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Stores and lists verified phones. Codes are not checked here (they live in the login, not in the
 * credential): {@link #isValid} is always false, {@link #isConfiguredFor} says whether a phone exists.
 */
public class SmsCredentialProvider implements CredentialProvider<SmsCredentialModel>, CredentialInputValidator {

    /** Required action that adds or replaces a phone. */
    public static final String SET_UP_ACTION = "twofold-set-up-phone";

    private final KeycloakSession session;

    public SmsCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return SmsCredentialModel.TYPE;
    }

    /**
     * Stores a phone. Pages store only verified numbers; an admin importing users through the REST
     * API or a realm file goes through here too, so the number is checked and the public data and
     * label are derived from it, never taken from the input.
     */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, SmsCredentialModel credential) {
        PhoneNumbers.Result parsed = PhoneNumbers.parse(credential.phoneNumber(), TwofoldPolicy.defaults());
        if (!parsed.ok()) {
            throw new ModelException("twofold-sms credential rejected: " + parsed.problem().reason());
        }
        return user.credentialManager().createStoredCredential(SmsCredentialModel.create(parsed.number()));
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public SmsCredentialModel getCredentialFromModel(CredentialModel model) {
        return SmsCredentialModel.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("twofold-sms-display-name")
                .helpText("twofoldSmsHelpText")
                .iconCssClass("fa fa-commenting-o list-view-pf-icon-lg")
                .createAction(SET_UP_ACTION)
                .removeable(true)
                .build(session);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && user.credentialManager().getStoredCredentialsByTypeStream(getType()).findAny().isPresent();
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return false;
    }
}
