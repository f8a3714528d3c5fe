package io.github.twofold.trust;

import io.github.twofold.geo.GeoIp;
import io.github.twofold.limit.ClientAddress;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * The countries a user has signed in from, by the operator's GeoIP database ({@link GeoIp}), for
 * "your account was signed in to from a new country": hashes in a user attribute, the most recent
 * {@link #REMEMBERED}. Like {@link KnownNetworks}, not a security boundary: the e-mail is the only
 * consequence.
 */
public final class KnownCountries {

    /** User attribute: hashes of the countries, oldest first. */
    public static final String ATTRIBUTE = "twofold.known-countries";
    static final int REMEMBERED = 20;

    private KnownCountries() {
    }

    /**
     * Remembers this request's country for the user; the country (ISO code) when the user had not
     * signed in from it before while another one was known (the very first is remembered quietly).
     * Empty where no database is configured or the address has no country.
     */
    public static Optional<String> rememberIsNew(KeycloakSession session, UserModel user) {
        GeoIp geoIp = session.getProvider(GeoIp.class);
        if (geoIp == null || !geoIp.available()) {
            return Optional.empty();
        }
        return geoIp.country(ClientAddress.of(session))
                .filter(country -> RecentlySeen.rememberIsNew(user, ATTRIBUTE, RecentlySeen.hash(country), REMEMBERED));
    }
}
