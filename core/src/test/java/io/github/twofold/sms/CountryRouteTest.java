package io.github.twofold.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** What a gateway's countries / exclude-countries options say it serves, and what an operator is told when they are wrong. */
class CountryRouteTest {

    private static CountryRoute route(String countries, String excluded) {
        Config.Scope config = mock(Config.Scope.class);
        when(config.get(CountryRoute.COUNTRIES)).thenReturn(countries);
        when(config.get(CountryRoute.EXCLUDE_COUNTRIES)).thenReturn(excluded);
        return CountryRoute.of("http", config);
    }

    @Test
    void withoutOptionsAGatewayServesEveryCountry() {
        CountryRoute route = route(null, " ");
        assertThat(route).isEqualTo(CountryRoute.EVERY_COUNTRY);
        assertThat(route.serves("DE")).isTrue();
        assertThat(route.serves("ZZ")).as("a number of no known country").isTrue();
        assertThat(route.describe()).isEmpty();
    }

    @Test
    void countriesNameTheOnlyOnesItServes() {
        CountryRoute route = route("de, at,", null);
        assertThat(route.serves("DE")).isTrue();
        assertThat(route.serves("AT")).isTrue();
        assertThat(route.serves("CH")).isFalse();
        assertThat(route.serves("ZZ")).isFalse();
        assertThat(route.describe()).isEqualTo(", countries AT,DE");
    }

    @Test
    void excludedCountriesAreTheOnlyOnesItDoesNotServe() {
        CountryRoute route = route(null, "CH");
        assertThat(route.serves("CH")).isFalse();
        assertThat(route.serves("DE")).isTrue();
        assertThat(route.describe()).isEqualTo(", every country but CH");
    }

    @Test
    void aCodeThatIsNoCountryOrBothOptionsStopTheServerWithTheOptionNamed() {
        assertThatThrownBy(() -> route("DE,XX", null)).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("'http'").hasMessageContaining("countries: 'XX' is not an ISO 3166 country code");
        assertThatThrownBy(() -> route(null, "Germany")).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("exclude-countries: 'GERMANY'");
        assertThatThrownBy(() -> route("DE", "AT")).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("set countries or exclude-countries, not both");
    }

    @Test
    void aCountryIsUnservedOnlyWhenNoGatewayServesIt() {
        CountryRoute notSwiss = route(null, "CH");
        CountryRoute notLiechtenstein = route(null, "LI");
        CountryRoute germanOnly = route("DE", null);
        assertThat(CountryRoutes.unserved(java.util.List.of(notSwiss, notLiechtenstein), java.util.List.of("CH", "LI", "DE"))).isEmpty();
        assertThat(CountryRoutes.unserved(java.util.List.of(notSwiss, germanOnly), java.util.List.of("CH", "LI", "DE"))).containsExactly("CH");
        assertThat(CountryRoutes.unserved(java.util.List.of(germanOnly), java.util.List.of("DE", "AT"))).containsExactly("AT");
    }
}
