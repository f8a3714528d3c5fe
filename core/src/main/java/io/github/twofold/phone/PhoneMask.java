package io.github.twofold.phone;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * Masked numbers, the only form that leaves the server: country code and last four digits.
 * {@code +49******6789} for logs and events, {@code +49 ••• ••• 6789} on pages.
 */
public final class PhoneMask {

    private PhoneMask() {
    }

    public static String mask(String e164) {
        if (e164 == null || e164.length() < 8) {
            return "+*****";
        }
        String cc = countryCode(e164);
        int hidden = e164.length() - 1 - cc.length() - 4;
        return "+" + cc + "*".repeat(Math.max(2, hidden)) + e164.substring(e164.length() - 4);
    }

    public static String display(String e164) {
        if (e164 == null || e164.length() < 8) {
            return "•••";
        }
        return "+" + countryCode(e164) + " ••• ••• " + e164.substring(e164.length() - 4);
    }

    private static String countryCode(String e164) {
        try {
            Phonenumber.PhoneNumber n = PhoneNumberUtil.getInstance().parse(e164, null);
            return Integer.toString(n.getCountryCode());
        } catch (Exception e) {
            return e164.substring(1, Math.min(3, e164.length()));
        }
    }
}
