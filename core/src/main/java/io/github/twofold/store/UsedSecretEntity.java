package io.github.twofold.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A secret that has been used once (a backup code of a set, an emergency grant). The primary key
 * makes the use exactly-once on every database, across nodes, whatever the caches say.
 */
@Entity
@Table(name = "TWOFOLD_USED_SECRET")
@NamedQueries({
        @NamedQuery(name = "twofoldCountUsedSecrets", query = "select count(u) from UsedSecretEntity u where u.credentialId = :credentialId"),
        @NamedQuery(name = "twofoldDeleteUsedSecretsOfCredential", query = "delete from UsedSecretEntity u where u.credentialId = :credentialId"),
        @NamedQuery(name = "twofoldDeleteUsedSecretsOfUser", query = "delete from UsedSecretEntity u where u.realmId = :realmId and u.userId = :userId"),
        @NamedQuery(name = "twofoldDeleteUsedSecretsOfRealm", query = "delete from UsedSecretEntity u where u.realmId = :realmId")
})
public class UsedSecretEntity {

    /** {@code <credential id>:<index within the credential>}. */
    @Id
    @Column(name = "ID", length = 100)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "CREDENTIAL_ID", length = 36, nullable = false)
    private String credentialId;

    @Column(name = "USED_AT", nullable = false)
    private long usedAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getCredentialId() {
        return credentialId;
    }

    public void setCredentialId(String credentialId) {
        this.credentialId = credentialId;
    }

    public long getUsedAt() {
        return usedAt;
    }

    public void setUsedAt(long usedAt) {
        this.usedAt = usedAt;
    }
}
