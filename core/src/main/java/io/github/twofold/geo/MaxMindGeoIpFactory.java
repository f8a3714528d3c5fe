package io.github.twofold.geo;

import com.maxmind.db.Reader;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * A country database in MaxMind's format (GeoLite2-Country, GeoIP2-Country or City), read with
 * MaxMind's own reader, loaded once at start: option {@code database}, the file's path. Without it
 * no address has a country. A file that cannot be read stops Keycloak's start with the reason.
 */
public class MaxMindGeoIpFactory implements ProviderFactory<GeoIp> {

    public static final String PROVIDER_ID = "maxmind";
    private static final Logger LOG = Logger.getLogger(MaxMindGeoIpFactory.class);

    private Reader reader;

    @Override
    public void init(Config.Scope config) {
        String path = config.get("database");
        if (path == null || path.isBlank()) {
            return;
        }
        File file = new File(path.trim());
        try {
            reader = new Reader(file, Reader.FileMode.MEMORY_MAPPED);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Twofold GeoIP database " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "): fix the path or the file, or remove the option --spi-twofold-geoip--maxmind--database to run without countries");
        }
        LOG.infof("Twofold GeoIP database loaded: %s (%s, built %s)", file.getName(), reader.getMetadata().getDatabaseType(),
                reader.getMetadata().getBuildDate().toInstant().toString().substring(0, 10));
    }

    /** The provider of every session: the reader is the factory's, opened once, closed when the server stops. */
    private final GeoIp provider = new GeoIp() {
        @Override
        public Optional<String> country(String address) {
            return lookUp(address);
        }

        @Override
        public boolean available() {
            return reader != null;
        }
    };

    @Override
    public GeoIp create(KeycloakSession session) {
        return provider;
    }

    /** Whether a database is configured. */
    public boolean available() {
        return reader != null;
    }

    /** The ISO code of the address's country, if the database places it. */
    public Optional<String> country(String address) {
        return lookUp(address);
    }

    private Optional<String> lookUp(String address) {
        if (reader == null || address == null || address.isBlank()) {
            return Optional.empty();
        }
        try {
            // a literal address only: never a name lookup
            if (!address.matches("[0-9a-fA-F:.]+")) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> record = reader.get(InetAddress.getByName(address), Map.class);
            Object country = record == null ? null : record.get("country");
            Object code = country instanceof Map<?, ?> map ? map.get("iso_code") : null;
            return code instanceof String iso && iso.matches("[A-Za-z]{2}") ? Optional.of(iso.toUpperCase(Locale.ROOT)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // the server is stopping
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("database").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of a MaxMind country database (GeoLite2-Country.mmdb or GeoIP2-Country.mmdb): with it, Twofold can e-mail users about a sign-in from a new country.").add()
                .build();
    }
}
