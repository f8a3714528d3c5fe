package io.github.twofold.action.keycloak;

import io.github.twofold.policy.TwofoldPolicy;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.UpdateTotp;
import org.keycloak.models.KeycloakSession;

/**
 * {@code CONFIGURE_TOTP} (set up an authenticator app), gated ({@link GatedCredentialAction}).
 * Replaces Keycloak's through a higher provider order; Keycloak's login steps look this factory up
 * as an {@link UpdateTotp}, so it stays one.
 */
public class GatedUpdateTotp extends UpdateTotp {

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new GatedCredentialAction(super.create(session), TwofoldPolicy.METHOD_APP);
    }

    @Override
    public int order() {
        return GatedActions.ORDER;
    }
}
