package io.github.twofold.action.keycloak;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.action.FactorChangeGate;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.policy.TwofoldRealms;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.authentication.requiredactions.DeleteCredentialAction;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;

/**
 * Keycloak's {@code delete_credential} (what the account console uses to remove a factor), with
 * Twofold's rules for second factors in front of it: removing one needs a fresh second factor
 * ({@link FactorChangeGate}), and the last one (backups do not count) cannot be removed while the
 * realm policy requires a second factor of the user. Everything else is Keycloak's.
 */
public class GatedDeleteCredentialAction extends DeleteCredentialAction {

    @Override
    public int order() {
        return GatedActions.ORDER;
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return GatedAction.gated(super.create(session), GatedDeleteCredentialAction::allowed);
    }

    /** True when Keycloak's own action may go on; otherwise the context holds the explanation. */
    private static boolean allowed(RequiredActionContext context) {
        String id = context.getAuthenticationSession().getClientNote(Constants.KC_ACTION_PARAMETER);
        CredentialModel credential = id == null ? null : context.getUser().credentialManager().getStoredCredentialById(id);
        if (credential == null || !SecondFactors.isSecondFactor(credential.getType()) || !TwofoldRealms.inUse(context.getRealm())) {
            return true;
        }
        if (!FactorChangeGate.check(context)) {
            return false;
        }
        if (!SecondFactors.mayRemove(context.getSession(), context.getRealm(), context.getUser(), context.getAuthenticationSession().getClient(),
                credential.getId(), credential.getType())) {
            context.getEvent().clone().event(EventType.REMOVE_CREDENTIAL_ERROR)
                    .detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_REMOVAL_REFUSED.key())
                    .detail(TwofoldEvents.REASON, "last_second_factor")
                    .detail(Details.CREDENTIAL_TYPE, credential.getType())
                    .error("twofold_last_second_factor");
            Response page = context.form().setError("twofoldLastFactorRequired").createErrorPage(Response.Status.BAD_REQUEST);
            context.challenge(page);
            return false;
        }
        return true;
    }
}
