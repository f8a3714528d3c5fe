package io.github.twofold.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.twofold.geo.MaxMindGeoIpFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The tests' country database, read by Twofold's GeoIP provider (MaxMind's reader, as the JAR bundles it). */
class GeoIpDatabaseTest {

    private static MaxMindGeoIpFactory withDatabase(String path) {
        Config.Scope config = mock(Config.Scope.class);
        when(config.get("database")).thenReturn(path);
        MaxMindGeoIpFactory factory = new MaxMindGeoIpFactory();
        factory.init(config);
        return factory;
    }

    @Test
    void eachAddressHasItsCountryAndOthersNone() {
        MaxMindGeoIpFactory geoIp = withDatabase(GeoIpDatabase.file().toString());
        assertThat(geoIp.available()).isTrue();
        assertThat(geoIp.country("127.0.0.1")).contains("DE");
        assertThat(geoIp.country(OtherAddress.ADDRESS)).contains("FR");
        assertThat(geoIp.country("127.0.0.3")).isEmpty();
        assertThat(geoIp.country("198.51.100.7")).isEmpty();
        assertThat(geoIp.country("2001:db8::1")).as("an IPv6 address in an IPv4 database").isEmpty();
        assertThat(geoIp.country("localhost")).as("never a name lookup").isEmpty();
        assertThat(geoIp.country(null)).isEmpty();
        geoIp.close();
    }

    @Test
    void withoutADatabaseNoAddressHasACountry() {
        MaxMindGeoIpFactory geoIp = withDatabase(null);
        assertThat(geoIp.available()).isFalse();
        assertThat(geoIp.country("127.0.0.1")).isEqualTo(Optional.empty());
    }

    @Test
    void aFileThatIsNoDatabaseStopsTheStartWithTheReason() throws Exception {
        Path junk = Files.createTempFile("not-a-database", ".mmdb");
        Files.writeString(junk, "not a database");
        assertThatThrownBy(() -> withDatabase(junk.toString())).hasMessageContaining("Twofold GeoIP database")
                .hasMessageContaining("cannot be read").hasMessageContaining("--spi-twofold-geoip--maxmind--database");
        assertThatThrownBy(() -> withDatabase("/no/such/file.mmdb")).hasMessageContaining("cannot be read");
        Files.delete(junk);
    }
}
