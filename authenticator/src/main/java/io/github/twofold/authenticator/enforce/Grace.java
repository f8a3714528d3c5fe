package io.github.twofold.authenticator.enforce;

import io.github.twofold.policy.TwofoldPolicy;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * The grace period of a user without a second factor: sign-ins left, and/or a last day (UTC). The
 * user may postpone while either lasts.
 */
record Grace(int loginsLeft, LocalDate until) {

    static Grace of(TwofoldPolicy policy, int loginsUsed) {
        int left = Math.max(0, policy.secondFactorGraceLogins() - loginsUsed);
        LocalDate until = policy.secondFactorGraceUntil();
        return new Grace(left, until != null && !LocalDate.now(ZoneOffset.UTC).isAfter(until) ? until : null);
    }

    boolean open() {
        return loginsLeft > 0 || until != null;
    }

    /** The reminder page's attributes: the date when there is one (it says more), else the sign-ins left. */
    LoginFormsProvider describe(LoginFormsProvider form) {
        if (until != null) {
            return form.setAttribute("twofoldGraceUntil", until.toString());
        }
        return form.setAttribute("twofoldGraceLeft", loginsLeft);
    }

    String describeForEvent() {
        return until != null ? "until " + until : Integer.toString(loginsLeft);
    }
}
