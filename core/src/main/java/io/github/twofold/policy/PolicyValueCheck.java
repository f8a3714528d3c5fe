package io.github.twofold.policy;

import static io.github.twofold.policy.PolicySchema.*;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What is wrong with one value of one setting: its kind's bounds, and the settings whose text has
 * a form of its own (countries, number types, dates, the reports address, the SMS text).
 */
final class PolicyValueCheck {

    /** One plain address: a place for a help desk, not a list nor a display name. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");
    private static final List<String> NUMBER_TYPES = List.of("MOBILE", "FIXED_LINE_OR_MOBILE", "FIXED_LINE", "VOIP",
            "PERSONAL_NUMBER", "PAGER", "UAN", "TOLL_FREE", "PREMIUM_RATE", "SHARED_COST", "VOICEMAIL", "UNKNOWN");

    private PolicyValueCheck() {
    }

    /** What is wrong with one value of a setting, or null. */
    static String problem(PolicySetting s, String value) {
        if (value.indexOf('\0') >= 0) {
            return s.label() + " must not contain a NUL character"; // no database stores one in text
        }
        switch (s.kind()) {
            case INT -> {
                try {
                    int v = Integer.parseInt(value);
                    return v < s.min() || v > s.max() ? s.label() + " must be between " + s.min() + " and " + s.max() : null;
                } catch (NumberFormatException e) {
                    return s.label() + " must be a whole number";
                }
            }
            case BOOLEAN -> {
                return value.equals("true") || value.equals("false") ? null : s.label() + " must be true or false";
            }
            case CHOICE -> {
                return s.options().contains(value) ? null : s.label() + " must be one of " + s.options();
            }
            case LIST -> {
                for (String item : split(value)) {
                    if (s.key().equals(PHONE_ALLOWED_REGIONS) && !REGION.matcher(item).matches()) {
                        return s.label() + ": '" + safe(item) + "' is not a two-letter country code";
                    }
                    if (s.key().equals(SET_UP_METHODS) && !List.of("PASSKEY", "APP", "SMS").contains(item)) {
                        return s.label() + ": '" + safe(item) + "' is not passkey, app or sms";
                    }
                    if (s.key().equals(PHONE_ALLOWED_TYPES) && !NUMBER_TYPES.contains(item)) {
                        return s.label() + ": '" + safe(item) + "' is not one of " + NUMBER_TYPES;
                    }
                }
                return null;
            }
            default -> {
                if (value.length() > 500) {
                    return s.label() + " is longer than 500 characters";
                }
                if (s.key().equals(PHONE_DEFAULT_REGION) && !REGION.matcher(value).matches()) {
                    return s.label() + " must be a two-letter country code such as DE";
                }
                if ((s.key().equals(GRACE_UNTIL) || s.key().equals(SMS_ENROLLMENT_UNTIL)) && date(value) == null) {
                    return s.label() + " must be a date such as 2027-03-31";
                }
                if (s.key().equals(REPORTS_EMAIL) && !value.isEmpty() && !ADDRESS.matcher(value).matches()) {
                    return s.label() + " must be one e-mail address such as helpdesk@example.com";
                }
                if (s.key().equals(SMS_MESSAGE_TEMPLATE) && !value.contains("{code}")) {
                    return s.label() + " must contain {code}";
                }
                return null;
            }
        }
    }

    private static String safe(String s) {
        String cleaned = s.replaceAll("[^A-Za-z0-9 _-]", "?");
        return cleaned.length() > 20 ? cleaned.substring(0, 20) + "..." : cleaned;
    }
}
