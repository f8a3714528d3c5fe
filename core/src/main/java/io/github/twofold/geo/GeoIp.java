package io.github.twofold.geo;

import java.util.Optional;
import org.keycloak.provider.Provider;

/** The country of a client address, where the operator gave Twofold a GeoIP database. */
public interface GeoIp extends Provider {

    /** The ISO 3166 code (e.g. {@code DE}) of the address's country; empty when unknown or no database is configured. */
    Optional<String> country(String address);

    /** Whether a database is configured. */
    boolean available();

    @Override
    default void close() {
    }
}
