package io.github.twofold.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.github.twofold.policy.TwofoldPolicy;
import java.util.List;
import java.util.Set;

/**
 * Turns what a person typed into an E.164 number the realm policy allows, or says why not.
 * Cheap checks (length, characters, plus signs) run before libphonenumber sees the input.
 */
public final class PhoneNumbers {

    /** Longest input looked at; E.164 has at most 15 digits, formatting adds a few characters. */
    public static final int MAX_INPUT_LENGTH = 32;

    /** Never enrolled, whatever the policy lists: they cost the sender money or are not personal. */
    private static final Set<PhoneNumberUtil.PhoneNumberType> NEVER = Set.of(
            PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE, PhoneNumberUtil.PhoneNumberType.SHARED_COST);

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** Either a number or a problem. */
    public record Result(PhoneNumber number, PhoneProblem problem) {
        public boolean ok() {
            return number != null;
        }
    }

    public static Result parse(String raw, TwofoldPolicy policy) {
        if (raw == null || raw.isBlank()) {
            return fail(PhoneProblem.EMPTY);
        }
        if (raw.length() > MAX_INPUT_LENGTH) {
            return fail(PhoneProblem.TOO_LONG);
        }
        String input = raw.strip();
        int digits = 0;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '+') {
                if (i != 0) {
                    return fail(PhoneProblem.INVALID_FORMAT);
                }
            } else if (" -().\u00a0/".indexOf(c) < 0) {
                return fail(PhoneProblem.INVALID_CHARACTERS);
            }
        }
        if (digits > 15) {
            return fail(PhoneProblem.TOO_LONG);
        }
        if (digits < 4) {
            return fail(PhoneProblem.INVALID_NUMBER);
        }
        // 00 is the international prefix almost everywhere; read it as + so no default country is needed
        if (input.startsWith("00")) {
            input = "+" + input.substring(2);
        }
        boolean international = input.startsWith("+");
        String region = policy.phoneDefaultRegion();
        if (!international && region == null) {
            return fail(PhoneProblem.MISSING_COUNTRY_CODE);
        }
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = UTIL.parse(input, international ? null : region);
        } catch (NumberParseException e) {
            return fail(PhoneProblem.INVALID_FORMAT);
        }
        if (!UTIL.isValidNumber(parsed)) {
            return fail(PhoneProblem.INVALID_NUMBER);
        }
        String numberRegion = UTIL.getRegionCodeForNumber(parsed);
        List<String> allowedRegions = policy.phoneAllowedRegions();
        if (!allowedRegions.isEmpty() && !allowedRegions.contains(numberRegion)) {
            return fail(PhoneProblem.COUNTRY_NOT_ALLOWED);
        }
        PhoneNumberUtil.PhoneNumberType type = UTIL.getNumberType(parsed);
        if (NEVER.contains(type) || !policy.phoneAllowedNumberTypes().contains(type.name())) {
            return fail(PhoneProblem.NUMBER_TYPE_NOT_ALLOWED);
        }
        return new Result(new PhoneNumber(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), numberRegion, type.name()), null);
    }

    private static Result fail(PhoneProblem problem) {
        return new Result(null, problem);
    }

    /** The region of a stored E.164 number (for per-country budgets), or "ZZ". */
    public static String regionOf(String e164) {
        try {
            String region = UTIL.getRegionCodeForNumber(UTIL.parse(e164, null));
            return region == null ? "ZZ" : region;
        } catch (NumberParseException e) {
            return "ZZ";
        }
    }
}
