package io.github.twofold.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.twofold.sms.DeliveryReport;
import io.github.twofold.sms.GatewayConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** What Twofold reads from Twilio's status callback, and which signatures it takes. */
class TwilioStatusCallbackTest {

    private static final String URL = "https://sso.example.com/realms/acme/twofold/sms-status/twilio";
    private static final String SID = "SM0123456789abcdef0123456789abcdef";

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    /** Twilio's documented algorithm, written here independently of the SDK's validator. */
    private static String sign(String token, String url, Map<String, String> fields) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(fields).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyTheAccountsSignatureOverThisAddressAndTheseFieldsIsTaken() throws Exception {
        TwilioStatusCallback callback = new TwilioStatusCallback("the-auth-token");
        Map<String, String> report = fields("MessageSid", SID, "MessageStatus", "undelivered", "ErrorCode", "30003", "To", "+4915112345678");
        String signature = sign("the-auth-token", URL, report);
        assertThat(callback.signed(URL, report, signature)).isTrue();
        assertThat(callback.signed(URL, report, sign("another-token", URL, report))).isFalse();
        assertThat(callback.signed(URL.replace("acme", "other"), report, signature)).isFalse();
        Map<String, String> altered = new HashMap<>(report);
        altered.put("MessageStatus", "delivered");
        assertThat(callback.signed(URL, altered, signature)).isFalse();
        Map<String, String> extra = new HashMap<>(report);
        extra.put("Extra", "x");
        assertThat(callback.signed(URL, extra, signature)).as("a field added after signing").isFalse();
        assertThat(callback.signed(URL, report, null)).isFalse();
        assertThat(callback.signed(URL, report, "")).isFalse();
    }

    @Test
    void aReportNeedsAMessageSidAndAKnownState() {
        DeliveryReport report = TwilioStatusCallback.report(fields("MessageSid", SID, "MessageStatus", "failed", "ErrorCode", "30008",
                "To", "+4915112345678")).orElseThrow();
        assertThat(report).isEqualTo(new DeliveryReport("twilio", SID, "failed", "+4915112345678", "30008"));
        assertThat(report.failed()).isTrue();
        assertThat(TwilioStatusCallback.report(fields("MessageSid", SID, "MessageStatus", "delivered")).orElseThrow().failed()).isFalse();

        assertThat(TwilioStatusCallback.report(fields("MessageStatus", "failed"))).as("no SID").isEmpty();
        assertThat(TwilioStatusCallback.report(fields("MessageSid", "SM123", "MessageStatus", "failed"))).as("short SID").isEmpty();
        assertThat(TwilioStatusCallback.report(fields("MessageSid", SID, "MessageStatus", "exploded"))).as("unknown state").isEmpty();
        assertThat(TwilioStatusCallback.report(fields("MessageSid", SID))).as("no state").isEmpty();
    }

    @Test
    void fieldsTwofoldDoesNotNeedAreDroppedWhenMalformedNotTrusted() {
        DeliveryReport report = TwilioStatusCallback.report(fields("MessageSid", SID, "MessageStatus", "undelivered",
                "ErrorCode", "30003<script>", "To", "+49 151 <b>")).orElseThrow();
        assertThat(report.errorCode()).isNull();
        assertThat(report.to()).isNull();
    }

    @Test
    void statusCallbacksNeedTheAuthTokenBecauseTwilioSignsWithIt() {
        Config.Scope config = mock(Config.Scope.class);
        when(config.get(anyString())).thenReturn(null);
        when(config.get("account-sid")).thenReturn("AC0123456789abcdef0123456789abcdef");
        when(config.get("api-key-sid")).thenReturn("SK0123456789abcdef0123456789abcdef");
        when(config.get("api-key-secret")).thenReturn("key-secret");
        when(config.get("from")).thenReturn("+15005550006");
        when(config.getInt(anyString(), org.mockito.ArgumentMatchers.anyInt())).thenAnswer(a -> a.getArgument(1));
        when(config.getBoolean(eq("status-callbacks"), eq(false))).thenReturn(true);
        assertThatThrownBy(() -> new TwilioSmsGatewayFactory().init(config)).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("status-callbacks needs auth-token");
    }
}
