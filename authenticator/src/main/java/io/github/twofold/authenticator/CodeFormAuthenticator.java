package io.github.twofold.authenticator;

import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.authenticator.TrustGiving;
import io.github.twofold.code.PendingCode;
import io.github.twofold.limit.ClientAddress;
import io.github.twofold.limit.KeycloakBruteForce;
import io.github.twofold.limit.LimitDecision;
import io.github.twofold.limit.LimitKind;
import io.github.twofold.limit.VerificationGuard;
import io.github.twofold.policy.TwofoldPolicy;
import io.github.twofold.request.TwofoldRequest;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.messages.Messages;

/**
 * The part every code-typing login step shares (SMS, backup and emergency codes): Keycloak's
 * brute-force lock is honoured; Twofold's limits are checked and the attempt counted before the
 * code is looked at; a wrong code is reported to Keycloak's brute-force detector (this step's
 * reference category is {@code otp}); reaching the lock restarts the login, so the password must
 * be entered again; every outcome is an event with Twofold's details.
 */
public abstract class CodeFormAuthenticator extends AbstractUsernameFormAuthenticator {

    public static final String FIELD_CODE = "code";
    /** The event error of a code that could not be checked (the gateway that checks it was unreachable). */
    public static final String CHECK_UNAVAILABLE = "twofold_check_unavailable";

    /** What the check of a typed code found. */
    public record Verdict(boolean ok, boolean checked, String messageKey, String reason, Object... messageParameters) {
        public static Verdict accepted() {
            return new Verdict(true, true, null, "ok");
        }

        public static Verdict rejected(String messageKey, String reason, Object... parameters) {
            return new Verdict(false, true, messageKey, reason, parameters);
        }

        /** The code could not be looked at (the gateway that checks it was unreachable): not counted, not a failure. */
        public static Verdict unchecked(String messageKey, String reason) {
            return new Verdict(false, false, messageKey, reason);
        }

        /** Input that cannot be a code at all: reason {@code empty} or {@code malformed}. */
        public static Verdict notACode(String messageKey, String typed) {
            return rejected(messageKey, typed == null || typed.isBlank() ? "empty" : "malformed");
        }

        /** This verdict with what the check found (e.g. the codes left), for the step to use when it is accepted. */
        public <T> Checked<T> with(T found) {
            return new Checked<>(this, found);
        }
    }

    /** A verdict and what the check found. */
    public record Checked<T>(Verdict verdict, T found) {
    }

    /** {@code sms}, {@code backup_code}, ... for events. */
    protected abstract String method();

    /** This step's page with whatever messages the form already holds. */
    protected abstract Response page(AuthenticationFlowContext context, TwofoldPolicy policy);

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    protected Response createLoginForm(LoginFormsProvider form) {
        // Keycloak's brute-force lock page: shown in this step's own layout.
        return render(form.setAttribute("twofoldLocked", true));
    }

    /**
     * Renders this step's page. Keycloak 26.7's {@code AuthenticationProcessor.form()} reads the
     * forwarded error message twice, so when parallel requests of one login race for it, the form
     * can receive a null message and the page fails with a 500. Then the page is rendered again
     * with the message Keycloak meant to show ("Action expired").
     */
    protected Response render(LoginFormsProvider form) {
        Response page = form.createForm(template());
        if (page.getStatus() < 500) {
            return page;
        }
        return form.setErrors(List.of(new FormMessage(null, Messages.EXPIRED_ACTION))).createForm(template());
    }

    protected abstract String template();

    @Override
    protected String disabledByBruteForceError(String error) {
        return "twofoldAccountTemporarilyLocked";
    }

    /** Page-level, not under the code field: the locked page shows no code field. */
    @Override
    protected String disabledByBruteForceFieldError() {
        return null;
    }

    /**
     * Runs one attempt through the shared verification pipeline; {@code evaluate} is called only
     * when every limit allows it. Returns true when the code was right; the caller then finishes
     * with {@code context.success(type)}.
     */
    protected boolean attempt(AuthenticationFlowContext context, TwofoldPolicy policy, Optional<VerificationGuard.CodeCap> cap,
                              Supplier<Verdict> evaluate) {
        return attempt(context, policy, cap, false, evaluate);
    }

    /**
     * As above; {@code inMemory}: the check reads and writes nothing in the database (the typed
     * code is compared with one kept in memory), so it may run while the limit counters are locked.
     */
    protected boolean attempt(AuthenticationFlowContext context, TwofoldPolicy policy, Optional<VerificationGuard.CodeCap> cap,
                              boolean inMemory, Supplier<Verdict> evaluate) {
        return attemptFinding(context, policy, cap, inMemory, () -> evaluate.get().with(Boolean.TRUE)).isPresent();
    }

    /** As {@link #attempt}, returning what the check found when the code was right (empty otherwise). */
    protected <T> Optional<T> attemptFinding(AuthenticationFlowContext context, TwofoldPolicy policy, Optional<VerificationGuard.CodeCap> cap,
                                             Supplier<Checked<T>> evaluate) {
        return attemptFinding(context, policy, cap, false, evaluate);
    }

    private <T> Optional<T> attemptFinding(AuthenticationFlowContext context, TwofoldPolicy policy, Optional<VerificationGuard.CodeCap> cap,
                                           boolean inMemory, Supplier<Checked<T>> evaluate) {
        context.getEvent().user(context.getUser()).detail(TwofoldEvents.METHOD, method());
        if (!enabledUser(context, context.getUser())) {
            return Optional.empty(); // Keycloak's own brute-force lock; the challenge is set
        }
        VerificationGuard guard = TwofoldRequest.of(context.getSession(), context.getRealm()).guard();
        String userId = context.getUser().getId();
        String clientKey = ClientAddress.limitKey(context.getSession(), policy);
        VerificationGuard.Verification<Checked<T>> verification = inMemory
                ? guard.verifyInMemory(userId, clientKey, cap, evaluate, c -> c.verdict().ok(), heldByLock())
                : guard.verify(userId, clientKey, cap, evaluate, c -> c.verdict().ok(), c -> !c.verdict().checked(), heldByLock());
        if (verification.refused()) {
            refused(context, policy, verification.refusal());
            return Optional.empty();
        }
        if (verification.accepted()) {
            if (trustOffered(context, policy) && TrustGiving.ticked(context)) {
                TrustGiving.give(context, policy, method());
            }
            return Optional.of(verification.result().found());
        }
        Verdict verdict = verification.result().verdict();
        if (!verdict.checked()) {
            // not the person's failure: no count, and Keycloak's brute-force detector is not told
            context.getEvent().detail(TwofoldEvents.REASON, verdict.reason()).error(CHECK_UNAVAILABLE);
            context.form().addError(new FormMessage(FIELD_CODE, verdict.messageKey(), verdict.messageParameters()));
            context.challenge(page(context, policy));
            return Optional.empty();
        }
        context.getEvent().detail(TwofoldEvents.REASON, verdict.reason()).error(Errors.INVALID_USER_CREDENTIALS);
        if (verification.locked()) {
            lock(context, verification.lockedForSeconds());
            return Optional.empty();
        }
        context.form().addError(new FormMessage(FIELD_CODE, verdict.messageKey(), verdict.messageParameters()));
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page(context, policy));
        return Optional.empty();
    }

    /** Whether Twofold's second-step lock stops this step (an admin-issued emergency code is not stopped by it). */
    protected boolean heldByLock() {
        return true;
    }

    /** Whether this step may offer to trust the browser (an emergency code never may). */
    protected boolean offersTrust() {
        return true;
    }

    /**
     * Puts "Don't ask again on this browser for N days" on the page when the realm offers it and
     * this sign-in may create trust: never with emergency access, never while setting up a first factor.
     */
    protected LoginFormsProvider withTrustOffer(AuthenticationFlowContext context, TwofoldPolicy policy, LoginFormsProvider form) {
        if (trustOffered(context, policy)) {
            form.setAttribute("twofoldTrustDays", policy.trustedBrowserDays());
        }
        return form;
    }

    private boolean trustOffered(AuthenticationFlowContext context, TwofoldPolicy policy) {
        return offersTrust() && TrustGiving.mayOffer(context, policy);
    }

    /** A limit said no before the code was looked at: nothing was evaluated, nothing is counted by Keycloak. */
    protected void refused(AuthenticationFlowContext context, TwofoldPolicy policy, LimitDecision decision) {
        TwofoldEvents.limit(context.getEvent(), decision).detail(TwofoldEvents.REASON, "limit");
        if (decision.kind() == LimitKind.ACCOUNT_LOCK) {
            context.getEvent().error(Errors.USER_TEMPORARILY_DISABLED);
            lockedPage(context, policy, decision.retryAfterSeconds());
            return;
        }
        context.getEvent().error("twofold_limit");
        context.form().addError(new FormMessage(FIELD_CODE, decision.messageKey(), decision.messageParameter()));
        context.challenge(page(context, policy));
    }

    /**
     * The attempt that reached the lock: the event says so, pending codes go, and the login starts
     * over on a fresh authentication session, so the password must be entered again.
     */
    protected void lock(AuthenticationFlowContext context, long seconds) {
        onLock(context);
        TwofoldEvents.locked(context.getEvent(), context.getUser(), method(), seconds);
        // a wrong code like the others: Keycloak's detector hears of it (the fork below does not tell it)
        KeycloakBruteForce.failedSecondFactor(context.getSession(), context.getRealm(), context.getUser(), context.getConnection(),
                context.getUriInfo());
        LimitDecision lock = LimitDecision.refused(LimitKind.ACCOUNT_LOCK, seconds);
        context.forkWithErrorMessage(new FormMessage(lock.messageKey(), lock.messageParameter()));
    }

    /**
     * Shows the step's form when the user can use it ({@link #configuredFor}) and no lock holds;
     * otherwise passes on to the next alternative. Steps that must do more first (send an SMS)
     * override this.
     */
    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (!configuredFor(context.getSession(), context.getRealm(), context.getUser())) {
            context.attempted();
            return;
        }
        TwofoldPolicy policy = TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser());
        if (mayShow(context, policy)) {
            context.challenge(page(context, policy));
        }
    }

    /**
     * Whether the step may show its form: not while Keycloak's brute-force lock or Twofold's
     * second-step lock holds (their pages are then the challenge).
     */
    protected boolean mayShow(AuthenticationFlowContext context, TwofoldPolicy policy) {
        if (!enabledUser(context, context.getUser())) {
            return false;
        }
        long locked = heldByLock() ? lockRemaining(context, policy) : 0;
        if (locked > 0) {
            lockedPage(context, policy, locked);
            return false;
        }
        return true;
    }

    /**
     * A visit to the step once its code was sent (a reload, the back button, a second tab): the
     * lock page while a lock holds, else the page, saying so when the code has expired. Nothing is sent.
     */
    protected void showPending(AuthenticationFlowContext context, TwofoldPolicy policy, PendingCode code) {
        if (!mayShow(context, policy)) {
            return;
        }
        if (code.expired(Time.currentTime())) {
            context.form().addError(new FormMessage(FIELD_CODE, "twofoldSmsCodeExpired"));
        }
        context.challenge(page(context, policy));
    }

    /**
     * A send a limit refused: the account's lock shows the lock page; a resend cooldown the page as
     * it is, unless a lock holds (the cooldown answered before the lock was read: read it now);
     * otherwise the limit's message goes on the page. True when the caller should show the page.
     */
    protected boolean refusedSend(AuthenticationFlowContext context, TwofoldPolicy policy, LimitDecision limit) {
        if (limit.kind() == LimitKind.ACCOUNT_LOCK) {
            lockedPage(context, policy, limit.retryAfterSeconds());
            return false;
        }
        if (limit.kind() == LimitKind.SMS_COOLDOWN && !mayShow(context, policy)) {
            return false;
        }
        context.form().setError(limit.messageKey(), limit.messageParameter());
        return true;
    }

    /** The step was opened while the account's second step is locked: say so, send nothing. */
    protected void lockedPage(AuthenticationFlowContext context, TwofoldPolicy policy, long seconds) {
        LimitDecision lock = LimitDecision.refused(LimitKind.ACCOUNT_LOCK, seconds);
        context.form().setAttribute("twofoldLocked", true).setError(lock.messageKey(), lock.messageParameter());
        context.challenge(page(context, policy));
    }

    /** Seconds left on the account's second-step lock (0 when not locked). */
    protected long lockRemaining(AuthenticationFlowContext context, TwofoldPolicy policy) {
        return TwofoldRequest.of(context.getSession(), context.getRealm()).guard().lockRemaining(context.getUser());
    }

    /** Hook: drop pending state when the account locks. */
    protected void onLock(AuthenticationFlowContext context) {
    }

    @Override
    public void close() {
    }
}
