package io.github.twofold.sms;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What a call reads out: the translated {@code twofoldVoiceText} in the user's language, with the
 * code digit by digit, twice; and the language tag the gateway's speech needs.
 */
public final class SpokenCode {

    public static final String MESSAGE_KEY = "twofoldVoiceText";
    private static final String FALLBACK = "This is {0}. Your verification code is: {1}. Once more: {1}. Goodbye.";
    /** The region a language is spoken in by default, where the user's locale names none. */
    private static final Map<String, String> REGION = Map.of("en", "US", "de", "DE", "es", "ES", "fr", "FR", "it", "IT",
            "ja", "JP", "nl", "NL", "pl", "PL", "pt", "BR", "zh", "CN");

    /** The text and the language (a BCP 47 tag such as {@code de-DE}). */
    public record Speech(String text, String language) {
    }

    private SpokenCode() {
    }

    public static Speech render(KeycloakSession session, RealmModel realm, UserModel user, String code) {
        Locale locale = session.getContext().resolveLocale(user);
        String pattern = SmsText.message(session, realm, locale, MESSAGE_KEY, FALLBACK);
        String text = new MessageFormat(pattern, locale).format(new Object[]{SmsText.realmName(realm), digits(code)});
        return new Speech(text, language(locale));
    }

    /** "1, 2, 3, 4, 5, 6": each digit read on its own, with a pause between. */
    static String digits(String code) {
        return String.join(", ", code.split(""));
    }

    static String language(Locale locale) {
        String language = locale.getLanguage().isEmpty() ? "en" : locale.getLanguage();
        String region = !locale.getCountry().isEmpty() ? locale.getCountry() : REGION.getOrDefault(language, "");
        return region.isEmpty() ? language : language + "-" + region;
    }
}
