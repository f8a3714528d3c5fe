package io.github.twofold.signin;

import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.recovery.AccountRecovery;
import org.keycloak.authentication.RequiredActionContext;

/**
 * A sign-in that verified one of the user's own second factors (not an e-mailed code) ends an
 * open self-service recovery: the user has a working factor, and whoever started the recovery
 * with the password alone loses the waiting period they were sitting out.
 */
final class RecoveryCancellation {

    private RecoveryCancellation() {
    }

    static void apply(RequiredActionContext context) {
        AccountRecovery recovery = new AccountRecovery(context.getSession(), context.getRealm());
        if (recovery.current(context.getUser()).isEmpty()) {
            return; // the usual case, read from the user's cached credentials
        }
        boolean factor = SecondFactorProof.succeededHere(context.getSession(), context.getRealm(), context.getAuthenticationSession())
                .anyMatch(step -> SecondFactorProof.proves(step) && !SecondFactorProof.fallbackOnly(step));
        if (factor) {
            recovery.cancel(context.getUser(), AccountRecovery.Cancellation.FACTOR_SIGN_IN, context.getEvent());
        }
    }
}
