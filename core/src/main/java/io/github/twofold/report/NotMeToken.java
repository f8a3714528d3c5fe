package io.github.twofold.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.representations.JsonWebToken;

/**
 * The "this wasn't me" link's token: signed with the realm's own key, bound to one user and to the
 * notice it came with, valid for {@link NotMeLinks#VALID_FOR} and usable once. It carries no
 * secret and nothing personal: the user's id, what the notice reported, and the id of the
 * credential that change created when the notice names one (the only thing the link may undo).
 */
public class NotMeToken extends JsonWebToken {

    static final String TYPE = "twofold-not-me";

    /** {@link io.github.twofold.notify} notice kind, lower case (e.g. {@code phone_added}). */
    @JsonProperty("notice")
    private String notice;

    /** The credential the reported change created, if any. */
    @JsonProperty("cred")
    private String credentialId;

    public String getNotice() {
        return notice;
    }

    public void setNotice(String notice) {
        this.notice = notice;
    }

    public String getCredentialId() {
        return credentialId;
    }

    public void setCredentialId(String credentialId) {
        this.credentialId = credentialId;
    }
}
