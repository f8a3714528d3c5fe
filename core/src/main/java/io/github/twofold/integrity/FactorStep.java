package io.github.twofold.integrity;

import io.github.twofold.credential.FactorKind;
import java.util.Set;

/**
 * A login step (its factory) that can verify more than one kind of second factor, such as the
 * password grant's step that takes an app code, an SMS code or a backup code. On success it
 * records the kind it verified in the authentication session ({@link SignInFactors#recordVerified}).
 * Steps that check one credential type are recognised by Keycloak's {@code CredentialValidator}.
 */
public interface FactorStep {

    /** The kinds this step can verify. */
    Set<FactorKind> factorKinds();
}
