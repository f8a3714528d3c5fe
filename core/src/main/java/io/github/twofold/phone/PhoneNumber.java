package io.github.twofold.phone;

/** A valid, allowed number: E.164, its region and libphonenumber type. */
public record PhoneNumber(String e164, String region, String type) {

    public String masked() {
        return PhoneMask.mask(e164);
    }

    public String display() {
        return PhoneMask.display(e164);
    }

    /** The number minus its last three digits: the 1,000-number block used by the prefix budget. */
    public String block() {
        return e164.substring(0, e164.length() - 3);
    }

    @Override
    public String toString() {
        return masked();
    }
}
