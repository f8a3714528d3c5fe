package io.github.twofold.policy;

import static io.github.twofold.policy.PolicySchema.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * A realm's Twofold policy: every setting with a secure default, read by authenticators and
 * required actions alike. Stored as a realm component of Twofold's own type
 * ({@code twofold-policy}, {@link PolicyComponents}), shown in the admin console's "Twofold" tab
 * where Keycloak's console feature is on; a realm without one gets the defaults.
 */
public final class TwofoldPolicy {

    // values some settings take (the settings' keys are in PolicySchema)
    public static final String REQUIRED_EVERYONE = "everyone";
    public static final String REQUIRED_LISTED = "listed";
    public static final String REQUIRED_NOBODY = "nobody";
    public static final String METHOD_APP = "app";
    public static final String METHOD_SMS = "sms";
    public static final String METHOD_PASSKEY = "passkey";

    public static final String REGENERATE_WHEN_EXHAUSTED = "when-exhausted";
    public static final String REGENERATE_AFTER_USE = "after-use";

    private static final TwofoldPolicy DEFAULTS = new TwofoldPolicy(new MultivaluedHashMap<>());

    /** Policies read before, by their settings (a copy no caller can change). */
    private static final Map<Map<String, List<String>>, TwofoldPolicy> READ = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int READ_MAX = 512;

    private final Map<String, String> values = new LinkedHashMap<>();

    private TwofoldPolicy(MultivaluedHashMap<String, String> config) {
        for (PolicySetting s : PolicySchema.SETTINGS) {
            List<String> raw = config.get(s.key());
            String value = raw == null || raw.isEmpty() ? null : String.join(",", raw).trim();
            values.put(s.key(), value == null || value.isEmpty() || PolicyValueCheck.problem(s, value) != null ? s.defaultValue() : value);
        }
    }

    /** The policy of a realm (defaults where the realm has none). */
    public static TwofoldPolicy of(RealmModel realm) {
        return component(realm).map(TwofoldPolicy::of).orElse(DEFAULTS);
    }

    /** Whether the realm has a Twofold policy of its own. */
    public static boolean exists(RealmModel realm) {
        return component(realm).isPresent();
    }

    private static java.util.Optional<ComponentModel> component(RealmModel realm) {
        return PolicyComponents.policy(realm);
    }

    /**
     * The policy of stored settings, read once: a sign-in asks for the policy in every step, and a
     * policy depends on nothing but its settings, so one read before with equal settings is the
     * same policy (a changed policy has other settings and is read anew).
     */
    public static TwofoldPolicy of(ComponentModel component) {
        MultivaluedHashMap<String, String> config = component.getConfig();
        TwofoldPolicy known = READ.get(config);
        if (known != null) {
            return known;
        }
        if (READ.size() >= READ_MAX) {
            READ.clear(); // more policies than realms use at once: start over rather than grow
        }
        MultivaluedHashMap<String, String> copy = new MultivaluedHashMap<>();
        config.forEach((key, values) -> copy.put(key, values == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(values))));
        TwofoldPolicy policy = read(copy);
        READ.put(copy, policy);
        return policy;
    }

    private TwofoldPolicy(Map<String, String> base, Map<String, String> overrides) {
        values.putAll(base);
        values.putAll(overrides);
    }

    /** Policies with an organization's overrides, by the policy they change and the overrides. */
    private static final Map<List<Object>, TwofoldPolicy> OVERRIDDEN = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * This policy with some settings replaced ({@link OrganizationPolicy}); the values must have
     * passed {@link PolicyValueCheck} already.
     */
    TwofoldPolicy withOverrides(Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        List<Object> key = List.of(values, Map.copyOf(overrides));
        TwofoldPolicy known = OVERRIDDEN.get(key);
        if (known != null) {
            return known;
        }
        if (OVERRIDDEN.size() >= READ_MAX) {
            OVERRIDDEN.clear();
        }
        TwofoldPolicy policy = new TwofoldPolicy(values, overrides);
        OVERRIDDEN.put(key, policy);
        return policy;
    }

    /** Every setting as this policy reads it (the default where none or an invalid one is stored). */
    public Map<String, String> settings() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Reads stored settings anew, without {@link #of(ComponentModel)}'s memory (a benchmark compares the two). */
    public static TwofoldPolicy read(MultivaluedHashMap<String, String> config) {
        return new TwofoldPolicy(config);
    }

    public static TwofoldPolicy defaults() {
        return DEFAULTS;
    }

    // ---- typed access

    private int integerValue(String key) {
        return Integer.parseInt(values.get(key));
    }

    public int smsCodeLength() { return integerValue(SMS_CODE_LENGTH); }

    public int smsCodeLifetimeSeconds() { return integerValue(SMS_CODE_LIFETIME); }

    public int smsAttemptsPerCode() { return integerValue(SMS_ATTEMPTS_PER_CODE); }

    public int smsResendCooldownSeconds() { return integerValue(SMS_RESEND_COOLDOWN); }

    public boolean smsOriginLine() { return Boolean.parseBoolean(values.get(SMS_ORIGIN_LINE)); }

    /** The admin's SMS text, or null for the translated default. */
    public String smsMessageTemplate() {
        String v = values.get(SMS_MESSAGE_TEMPLATE);
        return v == null || v.isBlank() ? null : v;
    }

    /** Region for numbers typed without +country code, or null. */
    public String phoneDefaultRegion() {
        String v = values.get(PHONE_DEFAULT_REGION);
        return v == null || v.isBlank() ? null : v;
    }

    /** Allowed regions; empty means all. */
    public List<String> phoneAllowedRegions() {
        return PolicySchema.split(values.get(PHONE_ALLOWED_REGIONS));
    }

    public List<String> phoneAllowedNumberTypes() {
        return PolicySchema.split(values.get(PHONE_ALLOWED_TYPES));
    }

    public int smsPerUserPerHour() { return integerValue(SMS_PER_USER_PER_HOUR); }

    public int smsPerNumberPerDay() { return integerValue(SMS_PER_NUMBER_PER_DAY); }

    public int smsPerPrefixPerHour() { return integerValue(SMS_PER_PREFIX_PER_HOUR); }

    public int smsPerCountryPerHour() { return integerValue(SMS_PER_COUNTRY_PER_HOUR); }

    public int smsPerIpPerHour() { return integerValue(SMS_PER_IP_PER_HOUR); }

    public int smsPerRealmPerDay() { return integerValue(SMS_PER_REALM_PER_DAY); }

    public int youngAccountHours() { return integerValue(YOUNG_ACCOUNT_HOURS); }

    public int smsPerDayYoungAccounts() { return integerValue(SMS_PER_DAY_YOUNG_ACCOUNTS); }

    public int smsSharedBudgetReserve() { return integerValue(SMS_SHARED_BUDGET_RESERVE); }

    public int voicePerUserPerDay() { return integerValue(VOICE_PER_USER_PER_DAY); }
    public boolean emailCodeFallback() { return Boolean.parseBoolean(values.get(EMAIL_CODE_FALLBACK)); }
    public int emailCodeLevel() { return integerValue(EMAIL_CODE_LEVEL); }
    public int emailCodesPerUserPerDay() { return integerValue(EMAIL_CODES_PER_USER_PER_DAY); }
    public int emailCodesPerIpPerHour() { return integerValue(EMAIL_CODES_PER_IP_PER_HOUR); }
    public int recoveryWaitHours() { return integerValue(RECOVERY_WAIT_HOURS); }

    public int failuresBeforeDelay() { return integerValue(FAILURES_BEFORE_DELAY); }

    public int failuresBeforeLock() { return integerValue(FAILURES_BEFORE_LOCK); }

    public int failureWindowMinutes() { return integerValue(FAILURE_WINDOW_MINUTES); }

    public int failuresPerIpPerHour() { return integerValue(FAILURES_PER_IP_PER_HOUR); }

    public int ipv6PrefixLength() { return integerValue(IPV6_PREFIX_LENGTH); }

    public int backupCodeCount() { return integerValue(BACKUP_CODE_COUNT); }

    public int backupCodeWarnBelow() { return integerValue(BACKUP_CODE_WARN_BELOW); }

    public boolean backupCodesRegenerateAfterUse() {
        return REGENERATE_AFTER_USE.equals(values.get(BACKUP_CODE_REGENERATE));
    }

    public int emergencyAccessMaxLifetimeMinutes() {
        return Math.min(integerValue(EMERGENCY_MAX_LIFETIME), EMERGENCY_LIFETIME_CAP_MINUTES);
    }

    public int factorChangeFreshMinutes() { return integerValue(FACTOR_CHANGE_FRESH_MINUTES); }

    public int trustedBrowserDays() {
        return Math.min(integerValue(TRUSTED_BROWSER_DAYS), TRUSTED_BROWSER_DAYS_CAP);
    }

    public boolean trustedBrowsersOn() {
        return trustedBrowserDays() > 0;
    }

    public int trustedBrowsersPerUser() { return integerValue(TRUSTED_BROWSERS_PER_USER); }

    public boolean trustedBrowserMeetsLevel() { return Boolean.parseBoolean(values.get(TRUSTED_BROWSER_MEETS_LEVEL)); }

    public boolean trustedBrowserEmails() { return Boolean.parseBoolean(values.get(TRUSTED_BROWSER_EMAILS)); }

    /** Where "this wasn't me" reports are e-mailed, or null. */
    public String reportsEmail() {
        String v = values.get(REPORTS_EMAIL);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public boolean newBrowserEmails() { return Boolean.parseBoolean(values.get(NEW_BROWSER_EMAILS)); }
    public boolean newNetworkEmails() { return Boolean.parseBoolean(values.get(NEW_NETWORK_EMAILS)); }
    public boolean newCountryEmails() { return Boolean.parseBoolean(values.get(NEW_COUNTRY_EMAILS)); }

    public int passkeyNudgeDays() { return integerValue(PASSKEY_NUDGE_DAYS); }

    /** Group paths as typed (case matters) whose members use passkeys and security keys only. */
    public List<String> phishingResistantGroups() {
        return asTyped(PHISHING_RESISTANT_GROUPS);
    }

    /** The last day (UTC) a new phone may be set up for text messages, or null. */
    public java.time.LocalDate smsEnrollmentUntil() {
        return PolicySchema.date(values.get(SMS_ENROLLMENT_UNTIL));
    }

    /** Client ids as typed. */
    public List<String> appApiClients() {
        return asTyped(APP_API_CLIENTS);
    }

    public boolean securityEmails() { return Boolean.parseBoolean(values.get(SECURITY_EMAILS)); }

    public String secondFactorRequiredFor() {
        return values.get(REQUIRED_FOR);
    }

    /** Group paths as typed (case matters). */
    public List<String> secondFactorRequiredGroups() {
        return asTyped(REQUIRED_GROUPS);
    }

    /** Roles as typed: realm role names, or client-id/role. */
    public List<String> secondFactorRequiredRoles() {
        return asTyped(REQUIRED_ROLES);
    }

    /** Client ids as typed. */
    public List<String> secondFactorRequiredClients() {
        return asTyped(REQUIRED_CLIENTS);
    }

    private List<String> asTyped(String key) {
        return Arrays.stream(values.get(key).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    public int secondFactorGraceLogins() { return integerValue(GRACE_LOGINS); }

    /** The last day (UTC) a user may postpone setting up a second factor, or null. */
    public java.time.LocalDate secondFactorGraceUntil() {
        return PolicySchema.date(values.get(GRACE_UNTIL));
    }

    /** Methods offered at set-up, in order: {@link #METHOD_PASSKEY}, {@link #METHOD_APP}, {@link #METHOD_SMS}. */
    public List<String> setUpMethods() {
        return PolicySchema.split(values.get(SET_UP_METHODS)).stream().map(m -> m.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    public boolean setUpBackupCodes() { return Boolean.parseBoolean(values.get(SET_UP_BACKUP_CODES)); }
}
