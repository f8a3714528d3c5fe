package io.github.twofold.authenticator.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MfaAmrProtocolMapperTest {

    @Test
    void mfaNeedsTheFirstAndASecondFactorAndNeverComesFromAnEmergencyCode() {
        assertThat(MfaAmrProtocolMapper.withMfa(List.of("pwd", "sms"))).isTrue();
        assertThat(MfaAmrProtocolMapper.withMfa(List.of("pwd", "otp"))).isTrue();
        assertThat(MfaAmrProtocolMapper.withMfa(List.of("pwd", "backup"))).isTrue();
        assertThat(MfaAmrProtocolMapper.withMfa(List.of("pwd"))).isFalse();
        assertThat(MfaAmrProtocolMapper.withMfa(List.of("sms"))).as("a second factor alone").isFalse();
        assertThat(MfaAmrProtocolMapper.withMfa(List.of("pwd", "emergency"))).isFalse();
        assertThat(MfaAmrProtocolMapper.withMfa(List.of("pwd", "otp", "mfa"))).as("never twice").isFalse();
    }
}
