package io.github.twofold.limit;

import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Counts a wrong second-factor code in Keycloak's own brute-force detection, outside a login step
 * (where Keycloak counts by itself). Keycloak 26.7 counts it as an OTP failure (its separate
 * "maximum second-factor failures"); Keycloak 26.4 and 26.5 know only one failure count, so there
 * it is counted as a failed login.
 */
public final class KeycloakBruteForce {

    private static final Set<String> SECOND_FACTOR = Set.of(OTPCredentialModel.TYPE);

    private KeycloakBruteForce() {
    }

    public static void failedSecondFactor(KeycloakSession session, RealmModel realm, UserModel user, ClientConnection connection, UriInfo uri) {
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        try {
            protector.failedLogin(realm, user, connection, uri, SECOND_FACTOR);
        } catch (NoSuchMethodError olderKeycloak) {
            failedLogin(protector, realm, user, connection, uri);
        }
    }

    private static void failedLogin(BruteForceProtector protector, RealmModel realm, UserModel user, ClientConnection connection, UriInfo uri) {
        try {
            Method failedLogin = BruteForceProtector.class.getMethod("failedLogin", RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class);
            failedLogin.invoke(protector, realm, user, connection, uri);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Keycloak's brute-force detection cannot count a failure", e);
        }
    }
}
