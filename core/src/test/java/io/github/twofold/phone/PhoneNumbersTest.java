package io.github.twofold.phone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.policy.PolicySchema;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.policy.TwofoldPolicyComponentFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.component.ComponentModel;

class PhoneNumbersTest {

    private static final TwofoldPolicy DEFAULTS = TwofoldPolicy.defaults();

    private static TwofoldPolicy policy(String key, String value) {
        ComponentModel c = new ComponentModel();
        c.setProviderId(TwofoldPolicyComponentFactory.PROVIDER_ID);
        c.getConfig().putSingle(key, value);
        return TwofoldPolicy.of(c);
    }

    @Test
    void acceptsAnInternationalMobileNumberInAnyUsualFormatting() {
        for (String typed : new String[]{"+49 151 23456789", "+4915123456789", "+49 (151) 2345-6789", " +49.151.2345.6789 ", "0049 151 23456789"}) {
            PhoneNumbers.Result r = PhoneNumbers.parse(typed, DEFAULTS);
            assertThat(r.ok()).as(typed).isTrue();
            assertThat(r.number().e164()).isEqualTo("+4915123456789");
            assertThat(r.number().region()).isEqualTo("DE");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|EMPTY",
            "'   '|EMPTY",
            "abc|INVALID_CHARACTERS",
            "+49 151 2345678a|INVALID_CHARACTERS",
            "++49 151 23456789|INVALID_FORMAT",
            "49+151 23456789|INVALID_FORMAT",
            "123|INVALID_NUMBER",
            "+49 12|INVALID_NUMBER",
            "0151 23456789|MISSING_COUNTRY_CODE",
            "+1234567890123456|TOO_LONG",
            "+49 151 2345 6789 0000 1111 2222 3333|TOO_LONG",
            "+49 900 1234567|NUMBER_TYPE_NOT_ALLOWED",
            "+49 30 1234567|NUMBER_TYPE_NOT_ALLOWED",
            "${jndi:ldap://x/a}|INVALID_CHARACTERS",
    })
    void refusesBadInputWithTheRightReason(String typed, PhoneProblem expected) {
        assertThat(PhoneNumbers.parse(typed, DEFAULTS).problem()).isEqualTo(expected);
    }

    @Test
    void refusesControlCharactersAndLineBreaks() {
        assertThat(PhoneNumbers.parse("+49 151\r\n23456789", DEFAULTS).problem()).isEqualTo(PhoneProblem.INVALID_CHARACTERS);
        assertThat(PhoneNumbers.parse("+49 151 \u001b[31m23456789", DEFAULTS).problem()).isEqualTo(PhoneProblem.INVALID_CHARACTERS);
    }

    @Test
    void readsNationalNumbersWithTheDefaultRegion() {
        PhoneNumbers.Result r = PhoneNumbers.parse("0151 23456789", policy(PolicySchema.PHONE_DEFAULT_REGION, "DE"));
        assertThat(r.number().e164()).isEqualTo("+4915123456789");
    }

    @Test
    void enforcesAllowedCountries() {
        TwofoldPolicy germanyOnly = policy(PolicySchema.PHONE_ALLOWED_REGIONS, "DE,AT");
        assertThat(PhoneNumbers.parse("+4915123456789", germanyOnly).ok()).isTrue();
        assertThat(PhoneNumbers.parse("+33612345678", germanyOnly).problem()).isEqualTo(PhoneProblem.COUNTRY_NOT_ALLOWED);
    }

    @Test
    void premiumRateIsRefusedEvenWhenThePolicyListsIt() {
        TwofoldPolicy lax = policy(PolicySchema.PHONE_ALLOWED_TYPES, "MOBILE,PREMIUM_RATE,FIXED_LINE");
        assertThat(PhoneNumbers.parse("+49 900 1234567", lax).problem()).isEqualTo(PhoneProblem.NUMBER_TYPE_NOT_ALLOWED);
        assertThat(PhoneNumbers.parse("+49 30 1234567", lax).ok()).isTrue();
    }

    @Test
    void masksKeepOnlyCountryCodeAndLastFourDigits() {
        assertThat(PhoneMask.mask("+4915123456789")).isEqualTo("+49*******6789");
        assertThat(PhoneMask.display("+4915123456789")).isEqualTo("+49 ••• ••• 6789");
        assertThat(PhoneMask.mask("+12025550143")).isEqualTo("+1******0143");
        assertThat(PhoneMask.mask("+4915123456789")).doesNotContain("15123");
    }

    @Test
    void numberBlockDropsTheLastThreeDigits() {
        assertThat(PhoneNumbers.parse("+4915123456789", DEFAULTS).number().block()).isEqualTo("+4915123456");
    }
}
