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
 * (where Keycloak counts by itself). Keycloak 26.6 and later count it as an OTP failure (their
 * separate "maximum second-factor failures"; 26.6 takes one category, 26.7 a set of them);
 * Keycloak 26.4 and 26.5 know only one failure count, so there it is counted as a failed login.
 * Twofold is compiled against the newest and reaches the older forms by reflection.
 */
public final class KeycloakBruteForce {

    private static final Set<String> SECOND_FACTOR = Set.of(OTPCredentialModel.TYPE);
    /** The older forms, looked up once: 26.6's (one category) and 26.4's and 26.5's (none); null where absent. */
    private static final Method ONE_CATEGORY = method(RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class, String.class);
    private static final Method NO_CATEGORY = method(RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class);

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
            if (ONE_CATEGORY != null) {
                ONE_CATEGORY.invoke(protector, realm, user, connection, uri, OTPCredentialModel.TYPE); // 26.6
            } else if (NO_CATEGORY != null) {
                NO_CATEGORY.invoke(protector, realm, user, connection, uri); // 26.4, 26.5
            } else {
                throw new IllegalStateException("this Keycloak's brute-force detection has no failedLogin Twofold knows");
            }
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("this Keycloak's brute-force detection cannot count a failure", e);
        }
    }

    private static Method method(Class<?>... parameters) {
        try {
            return BruteForceProtector.class.getMethod("failedLogin", parameters);
        } catch (NoSuchMethodException absent) {
            return null;
        }
    }
}
