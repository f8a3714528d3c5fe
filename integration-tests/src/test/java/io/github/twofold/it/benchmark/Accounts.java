package io.github.twofold.it.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.code.BackupCodeFormat;
import io.github.twofold.credential.BackupCodesCredentialModel;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.Totp;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the accounts of a benchmark flow with the credentials its step needs, in the form each
 * credential provider stores them, through the admin API's partial import (no login needed, so
 * no account is in a cache before its measured login).
 */
final class Accounts {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Keycloak's recovery-code alphabet and length (RecoveryAuthnCodesUtils). */
    private static final String RECOVERY_ALPHABET = "ABCDEFGHIJKLMNPQRSTUVWXYZ123456789";

    private final TestEnvironment env;
    private final String password = "Bench-" + UUID.randomUUID();
    private final Map<String, Object> passwordCredential;
    /** One hashed set per size, shared by all accounts (single use is per account): hashing is the slow part. Flows are prepared two at a time. */
    private final Map<Integer, Secret> backupSets = new ConcurrentHashMap<>();
    private Secret recoveryCodes;

    /** A stored credential and the code that opens it. */
    private record Secret(Map<String, Object> credential, String code) {
    }

    Accounts(TestEnvironment env, boolean pbkdf2Passwords) {
        this.env = env;
        this.passwordCredential = PasswordHash.credential(password, pbkdf2Passwords);
    }

    UserPool create(BenchFlow flow, String realm, int count) {
        List<BenchUser> users = new ArrayList<>();
        List<ObjectNode> representations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String username = flow.key() + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 4);
            List<Map<String, Object>> credentials = new ArrayList<>(List.of(passwordCredential));
            String phone = null;
            String totp = null;
            String code = null;
            String trustCookie = null;
            switch (flow.step()) {
                case NONE, NO_OP -> { }
                case KEYCLOAK_OTP -> {
                    totp = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
                    credentials.add(Totp.credential(totp));
                }
                case KEYCLOAK_RECOVERY_CODE -> {
                    Secret codes = sharedRecoveryCodes();
                    credentials.add(codes.credential());
                    code = codes.code();
                }
                case TWOFOLD_SMS -> {
                    phone = Phones.random();
                    credentials.add(Map.of("type", "twofold-sms", "secretData", "{\"phone\":\"" + phone + "\"}", "credentialData", "{}"));
                }
                case TWOFOLD_TRUSTED_BROWSER -> {
                    phone = Phones.random();
                    TrustedBrowsers.Trusted trusted = TrustedBrowsers.trustedAccount(passwordCredential, phone);
                    credentials = trusted.credentials();
                    trustCookie = trusted.cookie();
                }
                case TWOFOLD_BACKUP_CODE -> {
                    Secret set = backupSets.computeIfAbsent(flow.backupCodes(), Accounts::backupSet);
                    credentials.add(set.credential());
                    code = set.code();
                }
            }
            representations.add(BenchRealm.user(username, credentials));
            users.add(new BenchUser(username, password, phone, totp, code, trustCookie));
        }
        BenchRealm.addUsers(env.admin(), realm, representations);
        return new UserPool(users);
    }

    private synchronized Secret sharedRecoveryCodes() {
        if (recoveryCodes == null) {
            recoveryCodes = recoveryCodes();
        }
        return recoveryCodes;
    }

    /** A Twofold backup-code set of {@code size} codes; the code given is its last. */
    private static Secret backupSet(int size) {
        BackupCodeFormat.GeneratedSet generated = BackupCodeFormat.generate(size);
        BackupCodesCredentialModel model = BackupCodesCredentialModel.hashed(generated, System.currentTimeMillis());
        return new Secret(Map.of("type", BackupCodesCredentialModel.TYPE, "secretData", model.getSecretData(), "credentialData", model.getCredentialData()),
                BackupCodeFormat.display(generated.codes().get(size - 1)));
    }

    /**
     * Keycloak's 12 recovery codes as its RecoveryAuthnCodesCredentialModel stores them (each an
     * unsalted SHA-512, Base64); the code given is the first, which Keycloak asks for first.
     */
    private static Secret recoveryCodes() {
        List<Map<String, Object>> hashed = new ArrayList<>();
        String first = null;
        for (int i = 0; i < 12; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < 12; c++) {
                code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
            }
            first = first == null ? code.toString() : first;
            hashed.add(Map.of("number", i + 1, "encodedHashedValue", sha512(code.toString())));
        }
        return new Secret(Map.of("type", "recovery-authn-codes", "secretData", Json.write(Map.of("codes", hashed)),
                "credentialData", Json.write(Map.of("algorithm", "SHA-512", "totalCodes", 12, "remainingCodes", 12))), first);
    }

    private static String sha512(String code) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
