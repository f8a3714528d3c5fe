package io.github.twofold.sms;

import io.github.twofold.policy.TwofoldPolicy;
import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;
import org.keycloak.urls.UrlType;

/**
 * The SMS text: the admin's template from the realm policy, or the translated
 * {@code twofoldSmsText} in the user's language, with the realm's display name.
 */
public final class SmsText {

    public static final String MESSAGE_KEY = "twofoldSmsText";
    private static final String FALLBACK = "{0} is your {1} verification code. It expires in {2} minutes. Do not share it.";
    /** Messages looked up ({@link #message}), by theme object, locale, key and what of the realm the answer depends on. */
    private static final Map<List<Object>, Optional<String>> RESOLVED = new ConcurrentHashMap<>();
    private static final int RESOLVED_MAX = 1000;

    private SmsText() {
    }

    public static String render(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy, String code) {
        String realmName = realmName(realm);
        long minutes = Math.max(1, policy.smsCodeLifetimeSeconds() / 60);
        String originLine = policy.smsOriginLine() ? originLine(session, code) : "";
        String template = policy.smsMessageTemplate();
        if (template != null) {
            return template.replace("{code}", code).replace("{realm}", realmName).replace("{minutes}", Long.toString(minutes))
                    .replace("{originLine}", originLine);
        }
        String text = translated(session, realm, user, code, realmName, minutes);
        return originLine.isEmpty() ? text : text + "\n\n" + originLine;
    }

    /**
     * The origin-bound one-time code line ({@code @login.example.com #123456}): a phone's browser
     * offers the code only on that host, so a look-alike site does not get it filled in. The host
     * is the realm's public (frontend) host name.
     */
    static String originLine(KeycloakSession session, String code) {
        return "@" + session.getContext().getUri(UrlType.FRONTEND).getBaseUri().getHost() + " #" + code;
    }

    private static String translated(KeycloakSession session, RealmModel realm, UserModel user, String code, String realmName, long minutes) {
        Locale locale = session.getContext().resolveLocale(user);
        return new MessageFormat(message(session, realm, locale, MESSAGE_KEY, FALLBACK), locale)
                .format(new Object[]{code, realmName, Long.toString(minutes)});
    }

    /**
     * A message of the login theme in {@code locale}, with the realm's own translation where it has
     * one (Keycloak's precedence: {@code getEnhancedMessages}). Keycloak merges every message of the
     * theme and the realm into a new table on each call; the one message asked for is remembered
     * instead, by the theme (the same object while Keycloak caches themes, as in production), the
     * locale and everything of the realm the answer depends on: its translations of this key in
     * every locale and the locale fallbacks it sets. A changed translation is a new entry.
     */
    static String message(KeycloakSession session, RealmModel realm, Locale locale, String key, String fallback) {
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            List<Object> asked = List.of(new Identity(theme), locale, key, realmTranslations(realm, key),
                    realm.isInternationalizationEnabled(), String.valueOf(realm.getDefaultLocale()));
            Optional<String> known = RESOLVED.get(asked);
            if (known == null) {
                known = Optional.ofNullable(theme.getEnhancedMessages(realm, locale).getProperty(key));
                if (RESOLVED.size() >= RESOLVED_MAX) {
                    RESOLVED.clear(); // themes not cached (development) are new objects on every call
                }
                RESOLVED.put(asked, known);
            }
            return known.orElse(fallback);
        } catch (IOException | RuntimeException e) {
            return fallback; // the English fallback still tells the user what the code is for
        }
    }

    /** The realm's own translations of {@code key}, by locale. */
    private static Map<String, String> realmTranslations(RealmModel realm, String key) {
        Map<String, String> translations = new TreeMap<>();
        realm.getRealmLocalizationTexts().forEach((locale, texts) -> {
            String text = texts == null ? null : texts.get(key);
            if (text != null) {
                translations.put(locale, text);
            }
        });
        return translations;
    }

    /** A key part compared by identity: a theme object stands for the theme files it read. */
    private record Identity(Object of) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity identity && identity.of == of;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(of);
        }
    }

    /** The realm's name as users see it. */
    static String realmName(RealmModel realm) {
        return realm.getDisplayName() != null && !realm.getDisplayName().isBlank() ? realm.getDisplayName() : realm.getName();
    }
}
