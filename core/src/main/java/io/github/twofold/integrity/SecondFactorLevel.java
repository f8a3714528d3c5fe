package io.github.twofold.integrity;

import io.github.twofold.credential.SecondFactors;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.keycloak.authentication.authenticators.util.LoAUtil;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The level of authentication (Keycloak's "Condition - Level of Authentication") at which a browser
 * flow verifies second factors: level 2 in the demo realm. Keycloak's own map from credential types
 * to levels says it; a flow without levels has none, and then no token claims more than level 1.
 */
public final class SecondFactorLevel {

    private SecondFactorLevel() {
    }

    /** The lowest level at which {@code flow} verifies a second factor, if the flow uses levels. */
    public static OptionalInt of(KeycloakSession session, RealmModel realm, AuthenticationFlowModel flow) {
        if (flow == null) {
            return OptionalInt.empty();
        }
        return LoAUtil.getCredentialTypesToLoAMap(session, realm, flow).entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() > Constants.MINIMUM_LOA)
                .filter(e -> SecondFactorProof.provingCategory(e.getKey()) || SecondFactors.isSecondFactor(e.getKey()))
                .mapToInt(Map.Entry::getValue)
                .min();
    }

    /** The level in the browser flow that {@code client} signs in with (its override, else the realm's). */
    public static OptionalInt forClient(KeycloakSession session, RealmModel realm, ClientModel client) {
        return of(session, realm, browserFlowOverride(realm, client).orElseGet(realm::getBrowserFlow));
    }

    /** The acr value the client's map (or the realm's) gives the level; the level itself when none does. */
    public static String acrValue(ClientModel client, int level) {
        return org.keycloak.protocol.oidc.utils.AcrUtils.getAcrLoaMap(client).entrySet().stream()
                .filter(e -> e.getValue() == level).map(Map.Entry::getKey).findFirst().orElse(Integer.toString(level));
    }

    /**
     * The client's own browser flow, read from its binding overrides the way Keycloak's flow
     * resolver does (that resolver only appeared in Keycloak 26.5; Twofold supports 26.4 too).
     */
    private static Optional<AuthenticationFlowModel> browserFlowOverride(RealmModel realm, ClientModel client) {
        String flowId = client == null ? null : client.getAuthenticationFlowBindingOverride(AuthenticationFlowBindings.BROWSER_BINDING);
        return Optional.ofNullable(flowId == null ? null : realm.getAuthenticationFlowById(flowId));
    }
}
