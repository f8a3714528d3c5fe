package io.github.twofold.policy;

import static io.github.twofold.policy.PolicySetting.bool;
import static io.github.twofold.policy.PolicySetting.choice;
import static io.github.twofold.policy.PolicySetting.integer;
import static io.github.twofold.policy.PolicySetting.list;
import static io.github.twofold.policy.PolicySetting.string;
import static io.github.twofold.policy.TwofoldPolicy.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;

/**
 * The settings schema of a Twofold policy: every setting with its label, help, secure default and
 * range (what the admin console shows), and the validation of stored or submitted settings. The
 * typed view of one realm's settings is {@link TwofoldPolicy}.
 */
public final class PolicySchema {

    private PolicySchema() {
    }

    // ---- the settings' keys, as stored in the policy component
    // ---- SMS codes
    public static final String SMS_CODE_LENGTH = "smsCodeLength";
    public static final String SMS_CODE_LIFETIME = "smsCodeLifetimeSeconds";
    public static final String SMS_ATTEMPTS_PER_CODE = "smsAttemptsPerCode";
    public static final String SMS_RESEND_COOLDOWN = "smsResendCooldownSeconds";
    public static final String SMS_MESSAGE_TEMPLATE = "smsMessageTemplate";
    public static final String SMS_ORIGIN_LINE = "smsOriginLine";
    // ---- phone numbers
    public static final String PHONE_DEFAULT_REGION = "phoneDefaultRegion";
    public static final String PHONE_ALLOWED_REGIONS = "phoneAllowedRegions";
    public static final String PHONE_ALLOWED_TYPES = "phoneAllowedNumberTypes";
    // ---- SMS send budgets
    public static final String SMS_PER_USER_PER_HOUR = "smsPerUserPerHour";
    public static final String SMS_PER_NUMBER_PER_DAY = "smsPerNumberPerDay";
    public static final String SMS_PER_PREFIX_PER_HOUR = "smsPerPrefixPerHour";
    public static final String SMS_PER_COUNTRY_PER_HOUR = "smsPerCountryPerHour";
    public static final String SMS_PER_IP_PER_HOUR = "smsPerIpPerHour";
    public static final String SMS_PER_REALM_PER_DAY = "smsPerRealmPerDay";
    public static final String YOUNG_ACCOUNT_HOURS = "youngAccountHours";
    public static final String SMS_PER_DAY_YOUNG_ACCOUNTS = "smsPerDayYoungAccounts";
    public static final String SMS_SHARED_BUDGET_RESERVE = "smsSharedBudgetReserve";
    public static final String VOICE_PER_USER_PER_DAY = "voicePerUserPerDay";
    // ---- the e-mailed code (a fallback)
    public static final String EMAIL_CODE_FALLBACK = "emailCodeFallback";
    public static final String EMAIL_CODE_LEVEL = "emailCodeLevel";
    public static final String EMAIL_CODES_PER_USER_PER_DAY = "emailCodesPerUserPerDay";
    public static final String EMAIL_CODES_PER_IP_PER_HOUR = "emailCodesPerIpPerHour";
    public static final String RECOVERY_WAIT_HOURS = "recoveryWaitHours";
    // ---- verification limits
    public static final String FAILURES_BEFORE_DELAY = "secondFactorFailuresBeforeDelay";
    public static final String FAILURES_BEFORE_LOCK = "secondFactorFailuresBeforeLock";
    public static final String FAILURE_WINDOW_MINUTES = "secondFactorFailureWindowMinutes";
    public static final String FAILURES_PER_IP_PER_HOUR = "secondFactorFailuresPerIpPerHour";
    public static final String IPV6_PREFIX_LENGTH = "ipv6PrefixLength";
    // ---- backup codes
    public static final String BACKUP_CODE_COUNT = "backupCodeCount";
    public static final String BACKUP_CODE_WARN_BELOW = "backupCodeWarnBelow";
    public static final String BACKUP_CODE_REGENERATE = "backupCodeRegenerate";
    // ---- enforcement
    public static final String REQUIRED_FOR = "secondFactorRequiredFor";
    public static final String REQUIRED_GROUPS = "secondFactorRequiredGroups";
    public static final String REQUIRED_ROLES = "secondFactorRequiredRoles";
    public static final String REQUIRED_CLIENTS = "secondFactorRequiredClients";
    public static final String GRACE_LOGINS = "secondFactorGraceLogins";
    public static final String GRACE_UNTIL = "secondFactorGraceUntil";
    public static final String SET_UP_METHODS = "setUpMethods";
    public static final String SET_UP_BACKUP_CODES = "setUpBackupCodes";
    // ---- factor changes
    public static final String FACTOR_CHANGE_FRESH_MINUTES = "factorChangeFreshMinutes";
    // ---- trusted browsers
    public static final String TRUSTED_BROWSER_DAYS = "trustedBrowserDays";
    public static final String TRUSTED_BROWSERS_PER_USER = "trustedBrowsersPerUser";
    public static final String TRUSTED_BROWSER_MEETS_LEVEL = "trustedBrowserMeetsLevel";
    public static final String TRUSTED_BROWSER_EMAILS = "trustedBrowserEmails";
    public static final String NEW_BROWSER_EMAILS = "newBrowserEmails";
    public static final String NEW_NETWORK_EMAILS = "newNetworkEmails";
    public static final String NEW_COUNTRY_EMAILS = "newCountryEmails";
    /** No realm policy can trust a browser for longer. */
    public static final int TRUSTED_BROWSER_DAYS_CAP = 90;
    // ---- passkeys
    public static final String PASSKEY_NUDGE_DAYS = "passkeyNudgeDays";
    public static final String PHISHING_RESISTANT_GROUPS = "phishingResistantGroups";
    public static final String SMS_ENROLLMENT_UNTIL = "smsEnrollmentUntil";
    // ---- app API
    public static final String APP_API_CLIENTS = "appApiClients";
    // ---- notices and emergency access
    public static final String SECURITY_EMAILS = "securityEmails";
    public static final String REPORTS_EMAIL = "reportsEmail";
    public static final String EMERGENCY_MAX_LIFETIME = "emergencyAccessMaxLifetimeMinutes";
    /** No realm policy can allow an emergency grant to live longer. */
    public static final int EMERGENCY_LIFETIME_CAP_MINUTES = 60;
    /** Hard caps that no realm setting may exceed (../docs/security.md). */
    public static final int MAX_SMS_CODE_LIFETIME = 600;

    /** Every setting, in the order the admin sees them. */
    public static final List<PolicySetting> SETTINGS = List.of(
            integer(SMS_CODE_LENGTH, "SMS code length", "Digits in an SMS code.", 6, 6, 8),
            integer(SMS_CODE_LIFETIME, "SMS code lifetime (seconds)", "How long an SMS code stays valid.", 300, 60, MAX_SMS_CODE_LIFETIME),
            integer(SMS_ATTEMPTS_PER_CODE, "Attempts per SMS code", "Wrong entries after which a code is dead and a new one must be requested.", 5, 1, 10),
            integer(SMS_RESEND_COOLDOWN, "Resend cooldown (seconds)", "Wait before a resend. The first two resends of a login wait this long; each further one waits twice as long as the one before (at most 15 minutes).", 30, 10, 600),
            string(SMS_MESSAGE_TEMPLATE, "SMS text",
                    "Overrides the translated SMS text. Placeholders: {code}, {realm}, {minutes}, {originLine}. Must contain {code}. Empty: the translated default.", ""),
            bool(SMS_ORIGIN_LINE, "Origin line in the SMS",
                    "End the SMS with the line @<this server's host> #<code> (an origin-bound one-time code): phones' browsers then offer to fill the code in, on this site only. In your own SMS text, put {originLine} where it goes.",
                    true),
            string(PHONE_DEFAULT_REGION, "Default country", "ISO 3166 code (e.g. DE) used when a number is entered without +country code. Empty: numbers must start with +.", ""),
            list(PHONE_ALLOWED_REGIONS, "Allowed countries", "ISO 3166 codes of countries whose numbers may be enrolled. Empty: all countries.", ""),
            list(PHONE_ALLOWED_TYPES, "Allowed number types", "libphonenumber types that may be enrolled. Premium-rate and shared-cost numbers are never accepted.", "MOBILE,FIXED_LINE_OR_MOBILE"),
            integer(SMS_PER_USER_PER_HOUR, "SMS per user per hour", "Send budget per account.", 10, 1, 1000),
            integer(SMS_PER_NUMBER_PER_DAY, "SMS per number per day", "Send budget per phone number (enrollment and login).", 20, 1, 1000),
            integer(SMS_PER_PREFIX_PER_HOUR, "SMS per number block per hour", "Send budget per block of 1,000 numbers (number minus its last three digits): stops SMS-pumping through number ranges.", 30, 1, 10000),
            integer(SMS_PER_COUNTRY_PER_HOUR, "SMS per country per hour", "Send budget per destination country.", 300, 1, 1000000),
            integer(SMS_PER_IP_PER_HOUR, "SMS per client IP per hour", "Send budget per client address (as Keycloak's proxy settings resolve it).", 20, 1, 100000),
            integer(SMS_PER_REALM_PER_DAY, "SMS per realm per day", "Circuit breaker: when spent, SMS stops for the rest of the day and users are offered other methods.", 2000, 1, 10000000),
            integer(YOUNG_ACCOUNT_HOURS, "Young accounts (hours)",
                    "Accounts created less than this many hours ago send from a budget of their own (below) instead of the realm's, so fresh sign-ups cannot open the realm's circuit breaker. 0: no difference.",
                    24, 0, 720),
            integer(SMS_PER_DAY_YOUNG_ACCOUNTS, "SMS per day for young accounts", "Budget shared by all young accounts of the realm, per UTC day.", 200, 1, 10000000),
            integer(SMS_SHARED_BUDGET_RESERVE, "Shared SMS budgets: sends a node reserves at once",
                    "The realm's daily budget, the young accounts' budget and each country's hourly budget are shared by every sign-in. A Keycloak node reserves up to this many sends of them at once in the database and hands them out from memory, so parallel sends do not all wait for one database row. The budgets are never exceeded. Near a budget's end a node reserves at most an eighth of what is left; sends a node reserved and did not use when the hour or day ends, or the node stops, are lost for that hour or day. 1: no reservation, every send counts on the row.",
                    20, 1, 1000),
            integer(VOICE_PER_USER_PER_DAY, "Calls per user per day",
                    "After a text message was sent, the code page offers 'Call me instead': the code is read out in a phone call, in the user's language. A call counts against the SMS budgets above and, since it costs as much as several texts, against this budget of its own (24 hours, per user). Needs a gateway that places calls (operator guide). 0: never offered.",
                    3, 0, 20),
            bool(EMAIL_CODE_FALLBACK, "E-mail code as a fallback",
                    "Under 'Try another way', after their own second factors, users are offered a code sent to their verified e-mail address (same length, lifetime, attempts and resend cooldown as SMS codes). Never for members of the groups that must use passkeys. A sign-in with it cannot add, replace or remove second factors or change the password or e-mail address, and offers no trusted browser. Needs the realm's e-mail settings and the step in the browser flow (admin guide).",
                    false),
            integer(EMAIL_CODE_LEVEL, "E-mail code: level it reaches",
                    "2: a sign-in with an e-mailed code reaches the second-factor level (acr 2 in the demo realm) and its amr says email and mfa. 1: it reaches the level below, so an application that asks for the second-factor level gets a real second factor; amr says email, not mfa.",
                    2, 1, 2),
            integer(EMAIL_CODES_PER_USER_PER_DAY, "E-mail codes per user per day", "Send budget per account (24 hours).", 5, 1, 100),
            integer(EMAIL_CODES_PER_IP_PER_HOUR, "E-mail codes per client IP per hour", "Send budget per client address, across accounts.", 20, 1, 100000),
            integer(RECOVERY_WAIT_HOURS, "Self-service recovery: waiting period (hours)",
                    "A user who lost every second factor and has no backup codes left can choose 'I lost my phone or app' after the password: a code to the verified e-mail address starts this waiting period, the user is e-mailed at once and when it ends, and only then can a sign-in with the password and a new e-mailed code set up a new factor (the old ones are removed, as after emergency access). A sign-in with a working factor or a 'this wasn't me' click cancels it. Never for members of the groups that must use passkeys. Counts against the e-mail code budgets. 0: off. Realms without e-mail settings never offer it. Needs the step in the browser flow (admin guide).",
                    24, 0, 720),
            integer(FAILURES_BEFORE_DELAY, "Failures before delay", "Wrong second-factor entries per account before each further try must wait (5 s, doubling up to 15 min).", 3, 1, 20),
            integer(FAILURES_BEFORE_LOCK, "Failures before lock", "Wrong second-factor entries per account within the window that lock the second step until the window ends.", 20, 3, 99),
            integer(FAILURE_WINDOW_MINUTES, "Failure window (minutes)", "Window in which account failures add up.", 1440, 15, 10080),
            integer(FAILURES_PER_IP_PER_HOUR, "Failures per client IP per hour", "Wrong second-factor entries from one address, across all accounts, before that address must wait. Never locks the accounts.", 50, 5, 100000),
            integer(IPV6_PREFIX_LENGTH, "IPv6 network per client (prefix length)",
                    "Per-address limits count an IPv6 client by its network of this length: one host usually has a whole /64 and could otherwise rotate through it. 128: every address on its own.",
                    64, 32, 128),
            integer(BACKUP_CODE_COUNT, "Backup codes", "Codes in a new set.", 10, 5, 20),
            integer(BACKUP_CODE_WARN_BELOW, "Warn below", "Warn the user when fewer codes than this remain.", 3, 0, 20),
            choice(BACKUP_CODE_REGENERATE, "Regenerate backup codes", "When the user must create a new set.", REGENERATE_WHEN_EXHAUSTED,
                    List.of(REGENERATE_WHEN_EXHAUSTED, REGENERATE_AFTER_USE)),
            choice(REQUIRED_FOR, "Second factor required for",
                    "Who must have a second factor where the flow contains the step 'Twofold: require a second factor': everyone, the users listed by the groups and roles below, or nobody (the applications below still count).",
                    REQUIRED_EVERYONE, List.of(REQUIRED_EVERYONE, REQUIRED_LISTED, REQUIRED_NOBODY)),
            list(REQUIRED_GROUPS, "Groups that need a second factor", "Comma-separated group paths (e.g. /staff); members and members of their subgroups. Used when the setting above is listed.", ""),
            list(REQUIRED_ROLES, "Roles that need a second factor", "Comma-separated roles: realm roles by name, client roles as client-id/role (e.g. realm-management/manage-users); holders, also through groups and composite roles. Used when the setting above is listed.", ""),
            list(REQUIRED_CLIENTS, "Applications that need a second factor", "Comma-separated client ids: every user signing in to one of these needs a second factor, whatever the setting above.", ""),
            list(SET_UP_METHODS, "Methods offered at set-up",
                    "What 'Set up two-step sign-in' offers, in this order: passkey (a passkey or security key, Keycloak's WebAuthn; shown only where the browser supports it), app (authenticator app, Keycloak's TOTP), sms (text message).",
                    "passkey,app,sms"),
            bool(SET_UP_BACKUP_CODES, "Backup codes at set-up", "After the first method, 'Set up two-step sign-in' also creates a set of backup codes.", true),
            integer(GRACE_LOGINS, "Grace sign-ins", "Sign-ins a user without a second factor may still postpone setting one up (0: set up at once).", 0, 0, 20),
            string(GRACE_UNTIL, "Grace until (date)", "A date (YYYY-MM-DD, UTC): until the end of that day a user without a second factor may postpone setting one up, however many sign-ins that takes. Empty: only the grace sign-ins.", ""),
            integer(FACTOR_CHANGE_FRESH_MINUTES, "Fresh second factor for changes (minutes)",
                    "Adding, replacing or removing a second factor (on any page, through Keycloak's own actions or the Account REST API) needs a second factor verified within this many minutes in the same sign-in.",
                    5, 1, 60),
            integer(TRUSTED_BROWSER_DAYS, "Trusted browsers: days",
                    "After a second factor, offer \"Don't ask again on this browser for N days\"; a trusted browser then signs in with the password alone. 0: never offered (and trust given earlier is no longer honoured).",
                    0, 0, TRUSTED_BROWSER_DAYS_CAP),
            integer(TRUSTED_BROWSERS_PER_USER, "Trusted browsers per user", "At most this many trusted browsers per user; trusting one more drops the one used longest ago.", 10, 1, 50),
            bool(TRUSTED_BROWSER_MEETS_LEVEL, "Trusted browser meets the second-factor level",
                    "On: a sign-in from a trusted browser reaches the second-factor level (acr 2 in the demo realm). Off: it reaches the level below, so an application that asks for the second-factor level always gets a real second factor. Either way the token's amr says trusted-browser, never mfa.",
                    true),
            bool(TRUSTED_BROWSER_EMAILS, "E-mail when a browser is trusted", "E-mail the user when a new browser is trusted (with security e-mails on).", true),
            bool(NEW_BROWSER_EMAILS, "E-mail on a sign-in from a new browser",
                    "E-mail the user when a sign-in with a second factor comes from a browser they have not signed in with before (with security e-mails on). The first browser a user signs in with is remembered without an e-mail.",
                    true),
            bool(NEW_NETWORK_EMAILS, "E-mail on a sign-in from a new network",
                    "E-mail the user when a sign-in with a second factor comes from a network (an IPv4 /24, an IPv6 /48) they have not signed in from before, and the browser is not new (with security e-mails on). Behind a reverse proxy, Keycloak must be told to trust its headers (proxy-headers), or every sign-in comes from the proxy's network.",
                    false),
            bool(NEW_COUNTRY_EMAILS, "E-mail on a sign-in from a new country",
                    "E-mail the user when a sign-in with a second factor comes from a country they have not signed in from before, and the browser is not new (with security e-mails on). Needs the operator's GeoIP country database (operator guide); the first country a user signs in from is remembered without an e-mail.",
                    false),
            integer(PASSKEY_NUDGE_DAYS, "Suggest a passkey after SMS (days)",
                    "After a sign-in with a text-message code, a user without a passkey is asked once whether to add one; after 'Not now' the question comes back after this many days. 0: never asked.",
                    0, 0, 365),
            list(PHISHING_RESISTANT_GROUPS, "Groups that must use passkeys",
                    "Comma-separated group paths (e.g. /admins): members and members of subgroups need a second factor, and it must be a passkey or security key. Set-up offers them nothing else (the authenticator app and text messages are refused, also through Keycloak's own actions); a member without one is asked to add one at sign-in, with the grace sign-ins and date above; a member who has one cannot sign in with an app or SMS code. Backup codes stay as their recovery.",
                    ""),
            string(SMS_ENROLLMENT_UNTIL, "Last day to set up text messages (date)",
                    "A date (YYYY-MM-DD, UTC): after it, nobody sets up a new phone for text-message codes (set-up no longer offers it); phones set up before keep working and can be replaced. Empty: no end.",
                    ""),
            list(APP_API_CLIENTS, "Applications that may use the app API",
                    "Comma-separated client ids whose users' access tokens may call Twofold's app API (/realms/<realm>/twofold/account: the user's factors, set up an authenticator app, new backup codes, remove a factor). Empty: no application.",
                    ""),
            bool(SECURITY_EMAILS, "Security e-mails", "E-mail the user when a second factor is added, replaced or removed, backup codes are created or used, two-step sign-in is locked or unlocked, emergency access is used, or the e-mail address changes (to the old address). Needs the realm's e-mail settings.", true),
            string(REPORTS_EMAIL, "E-mail for \"this wasn't me\" reports",
                    "An address (e.g. your help desk's) that gets an e-mail when a user reports a change as not theirs, so someone lifts the hold on their second factors after speaking to them. Empty: the event only. Needs the realm's e-mail settings.", ""),
            integer(EMERGENCY_MAX_LIFETIME, "Emergency access: longest lifetime (minutes)",
                    "Longest lifetime an admin may give an emergency-access grant (the default grant is 15 minutes or this, whichever is shorter). 60 is a hard cap.",
                    60, 1, EMERGENCY_LIFETIME_CAP_MINUTES)
    );

    private static final Map<String, PolicySetting> BY_KEY = new LinkedHashMap<>();

    static {
        SETTINGS.forEach(s -> BY_KEY.put(s.key(), s));
    }

    /** The setting with this key, or null. */
    public static PolicySetting setting(String key) {
        return BY_KEY.get(key);
    }

    /**
     * Refuses a policy component that is a second one in its realm, or whose settings have a
     * problem (all problems in one message).
     */
    public static void validate(RealmModel realm, ComponentModel model, String providerType, String providerId) {
        boolean another = realm.getComponentsStream(realm.getId(), providerType)
                .anyMatch(c -> providerId.equals(c.getProviderId()) && !c.getId().equals(model.getId()));
        if (another) {
            throw new ComponentValidationException("A realm has one Twofold policy; update the existing one");
        }
        List<String> problems = problems(model.getConfig());
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join("; ", problems));
        }
    }

    /** Every problem of a stored or submitted config, for the admin (empty when valid). */
    public static List<String> problems(MultivaluedHashMap<String, String> config) {
        List<String> problems = new ArrayList<>();
        for (String key : config.keySet()) {
            if (!BY_KEY.containsKey(key)) {
                problems.add("Unknown Twofold policy setting '" + key.replaceAll("[^A-Za-z0-9._-]", "?") + "'");
            }
        }
        for (PolicySetting s : SETTINGS) {
            List<String> raw = config.get(s.key());
            if (raw == null || raw.isEmpty()) {
                continue;
            }
            String value = String.join(",", raw).trim();
            if (!value.isEmpty()) {
                String problem = PolicyValueCheck.problem(s, value);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    static List<String> split(String value) {
        return Arrays.stream(value.split("[,\\s]+")).map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> v.toUpperCase(Locale.ROOT)).toList();
    }

    static java.time.LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
