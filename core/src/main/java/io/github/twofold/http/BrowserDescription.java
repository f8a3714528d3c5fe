package io.github.twofold.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The browser and system of a request, named from a fixed list ("Firefox (Windows)"): security
 * e-mails say where a change came from without repeating anything the request sent. A User-Agent
 * is written by whoever sends the request, so copying it into an e-mail would let a request put
 * text, links or markup into a message the user trusts.
 */
public final class BrowserDescription {

    /** Checked in order: the first match names it (Edge and Opera also say "Chrome", Chrome also says "Safari"). */
    private static final Map<String, String> BROWSERS = new LinkedHashMap<>();
    private static final Map<String, String> SYSTEMS = new LinkedHashMap<>();

    static {
        BROWSERS.put("edg/", "Edge");
        BROWSERS.put("opr/", "Opera");
        BROWSERS.put("firefox/", "Firefox");
        BROWSERS.put("chrome/", "Chrome");
        BROWSERS.put("chromium/", "Chromium");
        BROWSERS.put("safari/", "Safari");
        BROWSERS.put("curl/", "curl");
        BROWSERS.put("java-http-client", "Java HTTP client");
        BROWSERS.put("python", "Python");
        SYSTEMS.put("android", "Android");
        SYSTEMS.put("iphone", "iOS");
        SYSTEMS.put("ipad", "iOS");
        SYSTEMS.put("windows", "Windows");
        SYSTEMS.put("mac os x", "macOS");
        SYSTEMS.put("cros", "ChromeOS");
        SYSTEMS.put("linux", "Linux");
    }

    private BrowserDescription() {
    }

    /** Shown when nothing is recognised (names of products only, so it reads in every language). */
    public static final String UNKNOWN = "\u2013";

    /** "Chrome (Linux)", "Firefox", "curl", or {@link #UNKNOWN}: names from this class only, never the header's text. */
    public static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UNKNOWN;
        }
        String ua = userAgent.length() > 512 ? userAgent.substring(0, 512).toLowerCase(Locale.ROOT) : userAgent.toLowerCase(Locale.ROOT);
        String browser = first(BROWSERS, ua);
        String system = first(SYSTEMS, ua);
        if (browser == null) {
            return system == null ? UNKNOWN : UNKNOWN + " (" + system + ")";
        }
        return system == null ? browser : browser + " (" + system + ")";
    }

    private static String first(Map<String, String> names, String ua) {
        return names.entrySet().stream().filter(e -> ua.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
