package io.github.twofold.compat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.cors.Cors;

/**
 * Lets a CORS answer allow the origins a token's client was given. Keycloak 26.5 renamed the
 * method ({@code allowedOrigins(AccessToken)} up to 26.4, {@code checkAllowedOrigins(AccessToken)}
 * since); Twofold is compiled against the newest and falls back on the older name.
 */
public final class CorsOrigins {

    private CorsOrigins() {
    }

    public static void allowFor(Cors cors, AccessToken token) {
        try {
            cors.checkAllowedOrigins(token);
        } catch (NoSuchMethodError olderKeycloak) {
            try {
                Method allowed = Cors.class.getMethod("allowedOrigins", AccessToken.class);
                allowed.invoke(cors, token);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this Keycloak's CORS support has neither checkAllowedOrigins nor allowedOrigins", e);
            }
        }
    }
}
