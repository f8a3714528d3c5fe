package io.github.twofold.credential;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.twofold.phone.PhoneMask;
import io.github.twofold.phone.PhoneNumber;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;

/**
 * A verified phone for SMS codes. The full number is secret data (never returned by the admin or
 * account REST APIs); the public data and label hold only the masked form.
 */
public class SmsCredentialModel extends CredentialModel {

    public static final String TYPE = CredentialTypes.SMS;

    public static class Data extends CredentialFormat.Versioned {
        @JsonProperty("masked")
        public String masked;
        @JsonProperty("region")
        public String region;
    }

    public static class Secret {
        @JsonProperty("phone")
        public String phone;
    }

    private Data data;
    private Secret secret;

    private SmsCredentialModel() {
    }

    public static SmsCredentialModel create(PhoneNumber number) {
        SmsCredentialModel model = new SmsCredentialModel();
        model.data = new Data();
        model.data.masked = number.masked();
        model.data.region = number.region();
        model.secret = new Secret();
        model.secret.phone = number.e164();
        model.setType(TYPE);
        model.setCreatedDate(Time.currentTimeMillis());
        model.setUserLabel(number.display());
        model.write();
        return model;
    }

    public static SmsCredentialModel from(CredentialModel stored) {
        SmsCredentialModel model = new SmsCredentialModel();
        model.data = CredentialFormat.readData(stored, Data.class, new Data());
        model.secret = CredentialFormat.readSecret(stored, Secret.class, new Secret());
        CredentialFormat.copyStored(stored, model);
        return model;
    }

    private void write() {
        CredentialFormat.write(this, data, secret);
    }

    /** E.164; server side only. */
    public String phoneNumber() {
        return secret.phone;
    }

    public String maskedPhoneNumber() {
        return data.masked != null ? data.masked : PhoneMask.mask(secret.phone);
    }

    public String displayPhoneNumber() {
        return PhoneMask.display(secret.phone);
    }
}
