package io.github.twofold.trust;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The label the account console shows for a trusted browser: its name and the (UTC) day it last
 * signed in, e.g. "Chrome (Linux) · 2026-11-30". The console shows the creation date beside it.
 */
final class TrustedBrowserLabel {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private TrustedBrowserLabel() {
    }

    static String of(String browser, long lastUsedAt) {
        return browser + " \u00b7 " + DAY.format(Instant.ofEpochSecond(lastUsedAt));
    }
}
