package io.github.twofold.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;

class TwofoldPolicyTest {

    @Test
    void defaultsAreTheSecureOnes() {
        TwofoldPolicy p = TwofoldPolicy.defaults();
        assertThat(p.smsCodeLength()).isEqualTo(6);
        assertThat(p.smsCodeLifetimeSeconds()).isEqualTo(300);
        assertThat(p.smsAttemptsPerCode()).isEqualTo(5);
        assertThat(p.failuresBeforeLock()).isLessThan(100);
        assertThat(p.phoneAllowedNumberTypes()).containsExactly("MOBILE", "FIXED_LINE_OR_MOBILE");
        assertThat(p.backupCodeCount()).isEqualTo(10);
    }

    @Test
    void problemsNameTheSettingAndTheBounds() {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(PolicySchema.SMS_CODE_LENGTH, "4");
        config.putSingle(PolicySchema.SMS_CODE_LIFETIME, "3600");
        config.putSingle(PolicySchema.PHONE_DEFAULT_REGION, "Germany");
        config.putSingle(PolicySchema.PHONE_ALLOWED_TYPES, "MOBILE,SATELLITE");
        config.putSingle(PolicySchema.SMS_MESSAGE_TEMPLATE, "Your code");
        config.putSingle("smsCodeLenght", "6");
        assertThat(PolicySchema.problems(config)).containsExactlyInAnyOrder(
                "Unknown Twofold policy setting 'smsCodeLenght'",
                "SMS code length must be between 6 and 8",
                "SMS code lifetime (seconds) must be between 60 and 600",
                "Default country must be a two-letter country code such as DE",
                "Allowed number types: 'SATELLITE' is not one of [MOBILE, FIXED_LINE_OR_MOBILE, FIXED_LINE, VOIP, PERSONAL_NUMBER, PAGER, UAN, TOLL_FREE, PREMIUM_RATE, SHARED_COST, VOICEMAIL, UNKNOWN]",
                "SMS text must contain {code}");
    }

    /** The address for "this wasn't me" reports is one plain address: no list, no display name, nothing to smuggle headers with. */
    @Test
    void theReportsAddressIsOnePlainAddress() {
        for (String bad : new String[] {"helpdesk", "a@b", "a@example.com,b@example.com", "Help Desk <help@example.com>", "a@example.com\nBcc: x@evil.example"}) {
            MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
            config.putSingle(PolicySchema.REPORTS_EMAIL, bad);
            assertThat(PolicySchema.problems(config)).as(bad).singleElement().asString().contains("must be one e-mail address");
        }
        MultivaluedHashMap<String, String> good = new MultivaluedHashMap<>();
        good.putSingle(PolicySchema.REPORTS_EMAIL, "helpdesk@example.com");
        assertThat(PolicySchema.problems(good)).isEmpty();
        ComponentModel c = new ComponentModel();
        c.getConfig().putSingle(PolicySchema.REPORTS_EMAIL, "helpdesk@example.com");
        assertThat(TwofoldPolicy.of(c).reportsEmail()).isEqualTo("helpdesk@example.com");
        assertThat(TwofoldPolicy.of(new ComponentModel()).reportsEmail()).as("default: none").isNull();
    }

    @Test
    void invalidStoredValuesFallBackToDefaultsNeverToWeakerOnes() {
        ComponentModel c = new ComponentModel();
        c.getConfig().putSingle(PolicySchema.SMS_CODE_LENGTH, "4");
        c.getConfig().putSingle(PolicySchema.SMS_ATTEMPTS_PER_CODE, "lots");
        c.getConfig().putSingle(PolicySchema.SMS_RESEND_COOLDOWN, "45");
        TwofoldPolicy p = TwofoldPolicy.of(c);
        assertThat(p.smsCodeLength()).isEqualTo(6);
        assertThat(p.smsAttemptsPerCode()).isEqualTo(5);
        assertThat(p.smsResendCooldownSeconds()).isEqualTo(45);
    }

    @Test
    void aPolicyIsReadOnceForItsSettingsAndAnewWhenTheyChange() {
        ComponentModel component = new ComponentModel();
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(PolicySchema.SMS_CODE_LENGTH, "8");
        component.setConfig(config);
        TwofoldPolicy first = TwofoldPolicy.of(component);
        assertThat(first.smsCodeLength()).isEqualTo(8);
        assertThat(TwofoldPolicy.of(component)).as("the same settings: the policy read before").isSameAs(first);

        // an admin changes the policy: the component's settings change, and so does the policy
        config.putSingle(PolicySchema.SMS_CODE_LENGTH, "7");
        TwofoldPolicy changed = TwofoldPolicy.of(component);
        assertThat(changed.smsCodeLength()).isEqualTo(7);
        assertThat(first.smsCodeLength()).as("a policy read before does not change with its component").isEqualTo(8);

        MultivaluedHashMap<String, String> again = new MultivaluedHashMap<>();
        again.putSingle(PolicySchema.SMS_CODE_LENGTH, "8");
        ComponentModel other = new ComponentModel();
        other.setConfig(again);
        assertThat(TwofoldPolicy.of(other).smsCodeLength()).isEqualTo(8);
    }
}
