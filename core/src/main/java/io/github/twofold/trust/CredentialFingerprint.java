package io.github.twofold.trust;

import io.github.twofold.credential.CredentialTypes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.stream.Collectors;
import org.keycloak.models.UserModel;

/**
 * A digest of a user's credentials (each one's id, type and creation time; trusted browsers
 * themselves left out). Trust is given under one fingerprint and honoured only while it is
 * unchanged, so every way of changing credentials ends it, whatever door it came through: a
 * password change or reset (Keycloak stamps the password with a new creation time), a second factor
 * added, replaced or removed, new backup codes, an emergency-access grant, an admin's credential
 * reset or a realm import. Using a backup code or moving a factor to the front changes nothing here.
 */
public final class CredentialFingerprint {

    private CredentialFingerprint() {
    }

    public static String of(UserModel user) {
        String listed = user.credentialManager().getStoredCredentialsStream()
                .filter(c -> !CredentialTypes.TRUSTED_BROWSER.equals(c.getType()))
                .map(c -> c.getType() + ":" + c.getId() + ":" + c.getCreatedDate())
                .sorted()
                .collect(Collectors.joining("\n"));
        return sha256(listed);
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
