package io.github.twofold.compat;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.common.Version;

/**
 * The Keycloak versions this Twofold is built and tested for. On any other version the server
 * still starts, with one clear line in its log saying what is supported.
 */
public final class SupportedKeycloak {

    /** Oldest and newest supported minor release (every patch release of these and between). */
    public static final String RANGE = "26.4.x to 26.7.x";

    private static final int MAJOR = 26;
    private static final int OLDEST_MINOR = 4;
    private static final int NEWEST_MINOR = 7;
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+).*");
    private static final Logger LOG = Logger.getLogger(SupportedKeycloak.class);

    private SupportedKeycloak() {
    }

    public static boolean supports(String version) {
        Matcher m = parse(version);
        return m != null && Integer.parseInt(m.group(1)) == MAJOR && minor(m) >= OLDEST_MINOR && minor(m) <= NEWEST_MINOR;
    }

    /** The version's major and minor release, or null when it cannot be read. */
    private static Matcher parse(String version) {
        Matcher m = version == null ? null : VERSION.matcher(version.trim());
        return m != null && m.matches() ? m : null;
    }

    private static int minor(Matcher parsed) {
        return Integer.parseInt(parsed.group(2));
    }

    /** The line to log for {@code version}, or empty when it is supported. */
    public static Optional<String> warning(String version) {
        return supports(version) ? Optional.empty()
                : Optional.of("Twofold supports Keycloak " + RANGE + "; this server is Keycloak " + version
                        + ". Sign-ins may fail in ways the tests have not seen: use a supported Keycloak (see the README's \"Supported Keycloak versions\").");
    }

    /** First minor release with the token post-processor hook Twofold refuses unchecked sign-ins' tokens with. */
    private static final int TOKEN_HOOK_MINOR = 6;

    /**
     * Whether Keycloak runs token post-processors before every token (26.6 and later). Where it
     * does not, Twofold refuses the token endpoint's answer instead.
     */
    public static boolean hasTokenHook(String version) {
        Matcher m = parse(version);
        return m == null || Integer.parseInt(m.group(1)) > MAJOR || Integer.parseInt(m.group(1)) == MAJOR && minor(m) >= TOKEN_HOOK_MINOR;
    }

    /** Logs the warning once at start when this server's Keycloak is outside the range. */
    public static void checkRunningServer() {
        warning(Version.VERSION).ifPresent(LOG::warn);
    }
}
