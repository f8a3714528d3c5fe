package io.github.twofold.phone;

/** Why a typed number was refused; each has a translated message ({@code twofoldPhone<Name>}). */
public enum PhoneProblem {
    EMPTY("twofoldPhoneEmpty"),
    TOO_LONG("twofoldPhoneTooLong"),
    INVALID_CHARACTERS("twofoldPhoneInvalidCharacters"),
    MISSING_COUNTRY_CODE("twofoldPhoneMissingCountryCode"),
    INVALID_FORMAT("twofoldPhoneInvalidFormat"),
    INVALID_NUMBER("twofoldPhoneInvalidNumber"),
    COUNTRY_NOT_ALLOWED("twofoldPhoneCountryNotAllowed"),
    NUMBER_TYPE_NOT_ALLOWED("twofoldPhoneTypeNotAllowed");

    private final String messageKey;

    PhoneProblem(String messageKey) {
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }

    /** Value for event details ({@code twofold_reason}). */
    public String reason() {
        return "phone_" + name().toLowerCase();
    }
}
