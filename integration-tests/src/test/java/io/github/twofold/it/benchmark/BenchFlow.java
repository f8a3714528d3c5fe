package io.github.twofold.it.benchmark;

import java.util.List;

/**
 * One line of the benchmark: a realm whose browser flow is the password and {@code step}, with
 * these event listeners.
 *
 * @param backupCodes     for backup-code flows, the size of each account's set (each account logs in once, so it
 *                        always has this many codes left)
 * @param webhookHangs    the webhook endpoint answers only after the sink's timeout during this flow
 * @param comparison      a line of the main table (the others are the extra measurements)
 */
record BenchFlow(String key, String label, SecondStep step, List<String> listeners, int backupCodes, boolean webhookHangs,
                 boolean comparison) {

    static final List<String> DEFAULT_LISTENERS = List.of("jboss-logging");

    static List<BenchFlow> all() {
        return List.of(
                main("password", "Password only", SecondStep.NONE),
                main("no-op", "Password + no-op step", SecondStep.NO_OP),
                main("keycloak-otp", "Password + Keycloak OTP", SecondStep.KEYCLOAK_OTP),
                main("keycloak-recovery", "Password + Keycloak recovery code", SecondStep.KEYCLOAK_RECOVERY_CODE),
                main("twofold-sms", "Password + Twofold SMS", SecondStep.TWOFOLD_SMS),
                main("twofold-trusted", "Password on a trusted browser (Twofold)", SecondStep.TWOFOLD_TRUSTED_BROWSER),
                new BenchFlow("twofold-backup-20", "Password + Twofold backup code (20 left)", SecondStep.TWOFOLD_BACKUP_CODE,
                        DEFAULT_LISTENERS, 20, false, true),
                new BenchFlow("twofold-backup-10", "Twofold backup code, 10 left", SecondStep.TWOFOLD_BACKUP_CODE,
                        DEFAULT_LISTENERS, 10, false, false),
                new BenchFlow("twofold-backup-1", "Twofold backup code, 1 left (then a new set)", SecondStep.TWOFOLD_BACKUP_CODE,
                        DEFAULT_LISTENERS, 1, false, false),
                new BenchFlow("twofold-sms-audit", "Twofold SMS, twofold-audit listener on", SecondStep.TWOFOLD_SMS,
                        List.of("jboss-logging", "twofold-audit"), 0, false, false),
                new BenchFlow("twofold-sms-webhook", "Twofold SMS, webhook endpoint not answering", SecondStep.TWOFOLD_SMS,
                        List.of("jboss-logging", "twofold-webhook"), 0, true, false));
    }

    /** The flows whose keys are listed (all when the list is empty), in the order of {@link #all()}. */
    static List<BenchFlow> selected(List<String> keys) {
        List<BenchFlow> flows = all().stream().filter(f -> keys.isEmpty() || keys.contains(f.key())).toList();
        if (flows.isEmpty()) {
            throw new IllegalArgumentException("no benchmark flow among " + keys + "; known: " + all().stream().map(BenchFlow::key).toList());
        }
        return flows;
    }

    private static BenchFlow main(String key, String label, SecondStep step) {
        return new BenchFlow(key, label, step, DEFAULT_LISTENERS, 0, false, true);
    }

    /** Each account logs in once (its codes must not run down during the run). */
    boolean singleUseAccounts() {
        return step == SecondStep.TWOFOLD_BACKUP_CODE;
    }
}
