package io.github.twofold.credential;

import io.github.twofold.policy.RequiredActions;
import io.github.twofold.phone.PhoneNumbers;
import io.github.twofold.policy.TwofoldPolicy;
import org.keycloak.credential.CredentialModel;
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
public class SmsCredentialProvider extends TwofoldCredentialProvider<SmsCredentialModel> {

    /** Required action that adds or replaces a phone. */
    public static final String SET_UP_ACTION = RequiredActions.SET_UP_PHONE;

    public SmsCredentialProvider(KeycloakSession session) {
        super(session, SmsCredentialModel.TYPE);
    }

    /**
     * Stores a phone. Pages store only verified numbers; an admin importing users through the REST
     * API or a realm file goes through here too, so the number is checked and the public data and
     * label are derived from it, never taken from the input (only the id and creation time are kept).
     */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, SmsCredentialModel credential) {
        PhoneNumbers.Result parsed = PhoneNumbers.parse(credential.phoneNumber(), TwofoldPolicy.defaults());
        if (!parsed.ok()) {
            throw new ModelException("twofold-sms credential rejected: " + parsed.problem().reason());
        }
        SmsCredentialModel model = SmsCredentialModel.create(parsed.number());
        // An import keeps the credential's id and creation time (what trusted browsers were given under).
        model.setId(credential.getId());
        if (credential.getCreatedDate() != null) {
            model.setCreatedDate(credential.getCreatedDate());
        }
        return user.credentialManager().createStoredCredential(model);
    }

    @Override
    public SmsCredentialModel getCredentialFromModel(CredentialModel model) {
        return SmsCredentialModel.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return metadata("twofoldSmsHelpText", "fa fa-commenting-o list-view-pf-icon-lg").createAction(SET_UP_ACTION).build(session);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && user.credentialManager().getStoredCredentialsByTypeStream(getType()).findAny().isPresent();
    }
}
