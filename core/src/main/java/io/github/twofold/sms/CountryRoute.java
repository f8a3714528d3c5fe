package io.github.twofold.sms;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The destination countries a gateway serves, from its SPI options {@code countries} (only these)
 * or {@code exclude-countries} (every one but these); neither: every country. A text goes only
 * through gateways that serve its number's country, and fails over only among them.
 */
public record CountryRoute(Set<String> only, Set<String> excluded) {

    public static final String COUNTRIES = "countries";
    public static final String EXCLUDE_COUNTRIES = "exclude-countries";
    public static final CountryRoute EVERY_COUNTRY = new CountryRoute(Set.of(), Set.of());

    /** The route a gateway's options give; a code that is no country stops the server with a clear line. */
    public static CountryRoute of(String gateway, Config.Scope config) {
        Set<String> only = codes(gateway, COUNTRIES, config.get(COUNTRIES));
        Set<String> excluded = codes(gateway, EXCLUDE_COUNTRIES, config.get(EXCLUDE_COUNTRIES));
        if (!only.isEmpty() && !excluded.isEmpty()) {
            throw new GatewayConfigException(gateway, "set " + COUNTRIES + " or " + EXCLUDE_COUNTRIES + ", not both");
        }
        return new CountryRoute(only, excluded);
    }

    /** Whether a text to a number of {@code country} (ISO 3166, as libphonenumber names it) goes through this gateway. */
    public boolean serves(String country) {
        return only.isEmpty() ? !excluded.contains(country) : only.contains(country);
    }

    /** For the gateway's start-up line: "" for every country. */
    public String describe() {
        if (!only.isEmpty()) {
            return ", countries " + String.join(",", only);
        }
        return excluded.isEmpty() ? "" : ", every country but " + String.join(",", excluded);
    }

    /** The two options, for a gateway factory's configuration metadata. */
    public static List<ProviderConfigProperty> options() {
        return ProviderConfigurationBuilder.create()
                .property().name(COUNTRIES).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated ISO 3166 codes (DE,AT): this gateway sends only to numbers of these countries. Empty: every country.").add()
                .property().name(EXCLUDE_COUNTRIES).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated ISO 3166 codes: this gateway sends to every country but these.").add()
                .build();
    }

    /** {@code base} followed by the two options. */
    public static List<ProviderConfigProperty> withOptions(List<ProviderConfigProperty> base) {
        List<ProviderConfigProperty> all = new ArrayList<>(base);
        all.addAll(options());
        return all;
    }

    private static Set<String> codes(String gateway, String option, String value) {
        java.util.SortedSet<String> codes = new TreeSet<>();
        if (value == null || value.isBlank()) {
            return codes;
        }
        Set<String> known = PhoneNumberUtil.getInstance().getSupportedRegions();
        for (String raw : Arrays.asList(value.split(","))) {
            String code = raw.trim().toUpperCase(Locale.ROOT);
            if (code.isEmpty()) {
                continue;
            }
            if (!known.contains(code)) {
                throw new GatewayConfigException(gateway, option + ": '" + code + "' is not an ISO 3166 country code with phone numbers");
            }
            codes.add(code);
        }
        return java.util.Collections.unmodifiableSortedSet(codes);
    }
}
