package io.github.twofold.credential;

import io.github.twofold.policy.OrganizationPolicy;
import io.github.twofold.policy.TwofoldPolicy;
import java.util.Objects;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;

/**
 * Which credentials are second factors, whether a user has one, and whether the realm policy
 * requires one of a user. The one list every part of Twofold uses (pages, gates, notices, tokens);
 * when a second factor was verified is {@link io.github.twofold.integrity.SecondFactorProof}'s
 * question.
 */
public final class SecondFactors {

    /**
     * Credential types that are second factors: Keycloak's TOTP, security keys, passkeys and
     * recovery codes, Twofold's phone and backup codes.
     */
    public static final Set<String> TYPES = FactorKind.credentialTypes(FactorKind.where(FactorKind::stored));

    /** Second factors that only back up another one: they never count as "another factor" on their own. */
    private static final Set<String> BACKUPS = FactorKind.credentialTypes(FactorKind.where(FactorKind::backup));

    private SecondFactors() {
    }

    /** Whether a credential type is a second factor (backup codes included). */
    public static boolean isSecondFactor(String type) {
        return type != null && TYPES.contains(type);
    }

    /** Whether a second factor only backs up another one (backup codes, Keycloak's recovery codes). */
    public static boolean isBackup(String type) {
        return type != null && BACKUPS.contains(type);
    }

    /**
     * Whether removing {@code credential} leaves the user as the policy wants: a backup is never
     * the reason to keep a factor, and the last real second factor stays while the policy
     * requires the user (signing in to {@code client}) to have one.
     */
    public static boolean mayRemove(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client, String credentialId,
                                    String credentialType) {
        return isBackup(credentialType) || keepsAnotherFactor(user, credentialId)
                || !requiredFor(session, realm, user, client, OrganizationPolicy.forUser(session, realm, user, TwofoldPolicy.of(realm)));
    }

    /** Whether the user has any second factor (Twofold's backup codes count while codes are left). */
    public static boolean hasAny(KeycloakSession session, RealmModel realm, UserModel user) {
        boolean stored = user.credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> isSecondFactor(c.getType()) && !BackupCodesCredentialModel.TYPE.equals(c.getType()));
        return stored || new BackupCodes(session, realm).remaining(user) > 0;
    }

    /**
     * Whether the realm policy requires a second factor of this user signing in to {@code client}
     * (null: no client known): the listed applications, then everyone / listed groups and roles / nobody.
     */
    public static boolean requiredFor(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client, TwofoldPolicy policy) {
        if (client != null && policy.secondFactorRequiredClients().contains(client.getClientId())) {
            return true;
        }
        if (FactorKinds.phishingResistantOnly(session, realm, user, policy)) {
            return true; // who must use a passkey must have a second factor
        }
        return switch (policy.secondFactorRequiredFor()) {
            case TwofoldPolicy.REQUIRED_EVERYONE -> true;
            case TwofoldPolicy.REQUIRED_LISTED -> inListedGroup(session, realm, user, policy) || holdsListedRole(realm, user, policy);
            default -> false;
        };
    }

    private static boolean inListedGroup(KeycloakSession session, RealmModel realm, UserModel user, TwofoldPolicy policy) {
        return inAnyGroup(session, realm, user, policy.secondFactorRequiredGroups());
    }

    /** Whether the user is a member of one of these groups (paths as typed) or of a subgroup. */
    static boolean inAnyGroup(KeycloakSession session, RealmModel realm, UserModel user, java.util.List<String> paths) {
        return paths.stream()
                .map(path -> KeycloakModelUtils.findGroupByPath(session, realm, path))
                .filter(Objects::nonNull)
                .anyMatch(group -> RoleUtils.isMember(user.getGroupsStream(), group));
    }

    /** Realm roles by name, client roles as client-id/role; held directly, through groups or composites. */
    private static boolean holdsListedRole(RealmModel realm, UserModel user, TwofoldPolicy policy) {
        for (String name : policy.secondFactorRequiredRoles()) {
            int slash = name.indexOf('/');
            RoleModel role;
            if (slash > 0) {
                ClientModel owner = realm.getClientByClientId(name.substring(0, slash));
                role = owner == null ? null : owner.getRole(name.substring(slash + 1));
            } else {
                role = realm.getRole(name);
            }
            if (role != null && user.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the user keeps a second factor other than backup codes when the credential
     * {@code removedId} is gone: backup codes back up a factor, they are not one to rely on.
     */
    public static boolean keepsAnotherFactor(UserModel user, String removedId) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> !c.getId().equals(removedId) && isSecondFactor(c.getType()) && !BACKUPS.contains(c.getType()));
    }
}
