package io.github.twofold.setup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Twofold's parts of the demo realm ({@code realm-export.json}, which the build puts into the JAR):
 * the flows, their step configurations and Twofold's required actions. Adding Twofold to a realm
 * copies these, so a realm set up that way signs in exactly as the demo does.
 */
final class ReferenceRealm {

    static final String RESOURCE = "realm-export.json";
    static final String PREFIX = "twofold";

    private final RealmRepresentation realm;

    private ReferenceRealm(RealmRepresentation realm) {
        this.realm = realm;
    }

    /** Read once: the file in the JAR does not change while the server runs. */
    static ReferenceRealm get() {
        return Loaded.INSTANCE;
    }

    private static final class Loaded {
        static final ReferenceRealm INSTANCE = load();
    }

    private static ReferenceRealm load() {
        try (InputStream in = Objects.requireNonNull(ReferenceRealm.class.getResourceAsStream(RESOURCE), RESOURCE + " is not in the JAR")) {
            return new ReferenceRealm(JsonSerialization.readValue(in, RealmRepresentation.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Twofold's reference realm", e);
        }
    }

    List<AuthenticatorConfigRepresentation> configs() {
        return realm.getAuthenticatorConfig();
    }

    /** Every flow, sub-flows included; a sub-flow is listed before nothing that uses it (Keycloak's export order). */
    List<AuthenticationFlowRepresentation> flows() {
        return realm.getAuthenticationFlows();
    }

    List<AuthenticationFlowRepresentation> topLevelFlows() {
        return flows().stream().filter(AuthenticationFlowRepresentation::isTopLevel).toList();
    }

    /** Twofold's own required actions (Keycloak's are the realm's business). */
    List<RequiredActionProviderRepresentation> requiredActions() {
        return realm.getRequiredActions().stream().filter(a -> a.getAlias().startsWith(PREFIX + "-")).toList();
    }

    String browserFlow() {
        return realm.getBrowserFlow();
    }

    String directGrantFlow() {
        return realm.getDirectGrantFlow();
    }

    String resetCredentialsFlow() {
        return realm.getResetCredentialsFlow();
    }
}
