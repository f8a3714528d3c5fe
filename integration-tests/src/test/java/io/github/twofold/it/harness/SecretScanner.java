package io.github.twofold.it.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every secret a test sees (SMS codes, backup codes, emergency codes, phone numbers, gateway
 * tokens) is registered here; at the end of the run the server log is scanned and the suite fails
 * if any of them appears (see {@code LogSecretScanIT}).
 */
public final class SecretScanner {

    private static final SecretScanner INSTANCE = new SecretScanner();

    private final Map<String, String> secrets = new LinkedHashMap<>();

    public static SecretScanner get() {
        return INSTANCE;
    }

    /** Registers a secret; a phone number is registered with and without its leading {@code +}. */
    public synchronized void register(String kind, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        secrets.putIfAbsent(value, kind);
        if (value.startsWith("+")) {
            secrets.putIfAbsent(value.substring(1), kind);
        }
        String compact = value.replace("-", "").replace(" ", "");
        if (!compact.equals(value)) {
            secrets.putIfAbsent(compact, kind);
        }
    }

    public synchronized int size() {
        return secrets.size();
    }

    /** One place a secret was found. */
    public record Finding(String kind, String context) {
        @Override
        public String toString() {
            return kind + " in: " + context;
        }
    }

    /** Finds registered secrets in {@code text}; a match must not touch other letters or digits. */
    public synchronized List<Finding> scan(String text) {
        if (text == null || text.isBlank()) {
            // an empty log proves nothing: the server logged elsewhere, or the file was lost
            throw new AssertionError("nothing to scan: the log is empty or missing");
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            Matcher m = Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(secret.getKey()) + "(?![0-9A-Za-z])").matcher(text);
            while (m.find()) {
                int from = Math.max(0, m.start() - 80);
                int to = Math.min(text.length(), m.end() + 40);
                String context = text.substring(from, to).replace(secret.getKey(), "<" + secret.getValue() + ">").replace('\n', ' ');
                findings.add(new Finding(secret.getValue(), context));
            }
        }
        return findings;
    }
}
