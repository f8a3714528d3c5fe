package io.github.twofold.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrustCookieTest {

    private static final String ID = "0b6f3c1e-2a4d-4c8e-9f10-123456789abc";
    private static final String SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_ABCDE";

    @Test
    void aCookieTwofoldWroteSplitsIntoRecordAndSecret() {
        TrustCookie.Value value = TrustCookie.parse(ID + "." + SECRET).orElseThrow();
        assertThat(value.recordId()).isEqualTo(ID);
        assertThat(value.secret()).isEqualTo(SECRET);
        assertThat(value.toString()).doesNotContain(SECRET);
    }

    @Test
    void anythingElseIsNotACookie() {
        assertThat(TrustCookie.parse(null)).isEmpty();
        assertThat(TrustCookie.parse("")).isEmpty();
        assertThat(TrustCookie.parse(ID)).isEmpty();
        assertThat(TrustCookie.parse(ID + "." + SECRET.substring(1))).as("short secret").isEmpty();
        assertThat(TrustCookie.parse(ID + "." + SECRET + "A")).as("long secret").isEmpty();
        assertThat(TrustCookie.parse(ID + "." + SECRET.replace('A', '='))).as("not base64url").isEmpty();
        assertThat(TrustCookie.parse("../../" + ID.substring(6) + "." + SECRET)).isEmpty();
        assertThat(TrustCookie.parse(ID + "." + SECRET + "x".repeat(10_000))).isEmpty();
    }

    @Test
    void theStoredHashIsNotTheSecret() {
        assertThat(TrustedBrowsers.hash(SECRET)).isNotEqualTo(SECRET).hasSize(43).isEqualTo(TrustedBrowsers.hash(SECRET));
        assertThat(TrustedBrowsers.hash(SECRET)).isNotEqualTo(TrustedBrowsers.hash(SECRET.replace('A', 'B')));
    }
}
