package io.github.twofold.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrowserDescriptionTest {

    @Test
    void namesCommonBrowsersAndSystems() {
        assertThat(BrowserDescription.of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"))
                .isEqualTo("Chrome (Linux)");
        assertThat(BrowserDescription.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0"))
                .isEqualTo("Edge (Windows)");
        assertThat(BrowserDescription.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"))
                .isEqualTo("Safari (iOS)");
        assertThat(BrowserDescription.of("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0")).isEqualTo("Firefox (macOS)");
        assertThat(BrowserDescription.of("curl/8.5.0")).isEqualTo("curl");
    }

    @Test
    void neverRepeatsWhatTheRequestSent() {
        String forged = "<a href=\"https://evil.example/reset\">Click here to keep your account</a><img src=x> https://evil.example";
        assertThat(BrowserDescription.of(forged)).isEqualTo(BrowserDescription.UNKNOWN);
        assertThat(BrowserDescription.of(forged + " Firefox/1 Windows")).isEqualTo("Firefox (Windows)");
        assertThat(BrowserDescription.of(null)).isEqualTo(BrowserDescription.UNKNOWN);
        assertThat(BrowserDescription.of("x".repeat(100_000))).isEqualTo(BrowserDescription.UNKNOWN);
    }
}
