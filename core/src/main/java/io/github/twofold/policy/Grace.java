package io.github.twofold.policy;

import java.time.LocalDate;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;

/**
 * The grace period of a user without a second factor: sign-ins left, and/or a last day (UTC). The
 * user may postpone while either lasts.
 */
public record Grace(int loginsLeft, LocalDate until) {

    /** User attribute: grace sign-ins used so far. */
    public static final String USED_ATTRIBUTE = "twofold.grace.used";
    /** Auth-session note: the user postponed set-up in this sign-in (it used one of the grace sign-ins). */
    public static final String POSTPONED_NOTE = "twofold.grace.postponed";

    public static Grace of(TwofoldPolicy policy, int loginsUsed) {
        int left = Math.max(0, policy.secondFactorGraceLogins() - loginsUsed);
        LocalDate until = policy.secondFactorGraceUntil();
        return new Grace(left, until != null && !PolicyClock.today().isAfter(until) ? until : null);
    }

    /** The grace the user has left. */
    public static Grace of(TwofoldPolicy policy, UserModel user) {
        return of(policy, used(user));
    }

    /** Grace sign-ins the user has used. */
    public static int used(UserModel user) {
        try {
            String v = user.getFirstAttribute(USED_ATTRIBUTE);
            return v == null ? 0 : Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // tampered: no grace
        }
    }

    public boolean open() {
        return loginsLeft > 0 || until != null;
    }

    /** The reminder page's attributes: the date when there is one (it says more), else the sign-ins left. */
    public LoginFormsProvider describe(LoginFormsProvider form) {
        if (until != null) {
            return form.setAttribute("twofoldGraceUntil", until.toString());
        }
        return form.setAttribute("twofoldGraceLeft", loginsLeft);
    }

    public String describeForEvent() {
        return until != null ? "until " + until : Integer.toString(loginsLeft);
    }
}
