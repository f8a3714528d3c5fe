package io.github.twofold.geo;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Where a client address is: the operator's GeoIP country database, for "a sign-in from a new
 * country". Options: {@code --spi-twofold-geoip--maxmind--database=<file>}.
 */
public class GeoIpSpi implements Spi {

    public static final String NAME = "twofold-geoip";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return GeoIp.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return MaxMindGeoIpFactory.class;
    }
}
