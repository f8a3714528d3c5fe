package io.github.twofold.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the login-theme message bundles complete and safe for {@link MessageFormat}:
 * every locale has exactly the English keys, the same {n} placeholders,
 * no ASCII apostrophe (MessageFormat treats it as a quote and drops it, together with
 * any placeholder after it), and every value formats without an exception.
 */
class MessageBundlesTest {

    private static final String FOLDER = "/theme-resources/messages/";
    private static final List<String> LOCALES = List.of("de", "fr", "es", "it", "pt_BR", "nl", "pl", "ja", "zh_CN");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\s*(\\d+)\\s*(?:,[^{}]*)?}");
    /** Sample arguments: a code, a realm name, a number of minutes (also fits digits, phone, seconds). */
    private static final Object[] SAMPLE_ARGS = {"12345678", "Example Realm", "10", "3", "4"};

    static List<String> locales() {
        return LOCALES;
    }

    @Test
    void englishValuesAreSafeForMessageFormat() {
        Properties en = load("en");
        assertThat(en).as("messages_en.properties").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(en.stringPropertyNames())) {
            checkValue("en", key, en.getProperty(key), problems);
        }
        assertThat(problems).as("problems in messages_en.properties").isEmpty();
    }

    @ParameterizedTest(name = "messages_{0}.properties")
    @MethodSource("locales")
    void translationMatchesEnglish(String locale) {
        Properties en = load("en");
        Properties translated = load(locale);
        List<String> problems = new ArrayList<>();

        for (String key : new TreeSet<>(en.stringPropertyNames())) {
            if (!translated.containsKey(key)) {
                problems.add(locale + ": missing key " + key);
            }
        }
        for (String key : new TreeSet<>(translated.stringPropertyNames())) {
            if (!en.containsKey(key)) {
                problems.add(locale + ": extra key " + key + " (not in English)");
                continue;
            }
            String value = translated.getProperty(key);
            Set<String> expected = placeholders(en.getProperty(key));
            Set<String> actual = placeholders(value);
            if (!expected.equals(actual)) {
                problems.add(locale + ": " + key + " has placeholders " + actual + " but English has " + expected);
            }
            checkValue(locale, key, value, problems);
        }
        assertThat(problems).as("problems in messages_" + locale + ".properties").isEmpty();
    }

    /** A new messages_xx.properties must be added to LOCALES so that it is checked too. */
    @Test
    void everyBundleInTheFolderIsChecked() throws IOException, URISyntaxException {
        URL url = MessageBundlesTest.class.getResource(FOLDER + "messages_en.properties");
        assertThat(url).as("messages_en.properties on the classpath").isNotNull();
        Assumptions.assumeTrue("file".equals(url.getProtocol()), "messages folder is not a directory on disk");
        Set<String> expected = new TreeSet<>(LOCALES);
        expected.add("en");
        try (Stream<Path> files = Files.list(Path.of(url.toURI()).getParent())) {
            Set<String> found = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("messages_") && n.endsWith(".properties"))
                    .map(n -> n.substring("messages_".length(), n.length() - ".properties".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(found).as("locales in " + FOLDER + " (add new ones to LOCALES)").isEqualTo(expected);
        }
    }

    private static void checkValue(String locale, String key, String value, List<String> problems) {
        if (value.indexOf('\'') >= 0) {
            problems.add(locale + ": " + key + " contains an ASCII apostrophe ' (MessageFormat swallows it; use \u2019)");
        }
        try {
            new MessageFormat(value, Locale.forLanguageTag(locale.replace('_', '-'))).format(SAMPLE_ARGS);
        } catch (IllegalArgumentException e) {
            problems.add(locale + ": " + key + " cannot be formatted: " + e.getMessage());
        }
    }

    private static Set<String> placeholders(String value) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            found.add("{" + m.group(1) + "}");
        }
        return found;
    }

    private static Properties load(String locale) {
        String path = FOLDER + "messages_" + locale + ".properties";
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path + " on the classpath").isNotNull();
            Properties properties = new Properties();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder())) {
                // newDecoder() reports malformed input instead of replacing it: a file saved as Latin-1 fails
                properties.load(reader);
            }
            return properties;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
