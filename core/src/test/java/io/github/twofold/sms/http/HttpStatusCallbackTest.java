package io.github.twofold.sms.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.twofold.sms.DeliveryReport;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The http gateway's delivery reports: the signature over the exact body, and what a report may carry. */
class HttpStatusCallbackTest {

    private final HttpStatusCallback callback = new HttpStatusCallback("a-shared-secret-of-some-length");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String signature(HttpStatusCallback with, String body) {
        return "sha256=" + HexFormat.of().formatHex(with.hmac(bytes(body)));
    }

    @Test
    void onlyTheSecretsSignatureOfTheExactBodyIsAccepted() {
        String body = "{\"id\":\"msg-1\",\"status\":\"delivered\"}";
        assertThat(callback.signed(bytes(body), signature(callback, body))).isTrue();
        assertThat(callback.signed(bytes(body), signature(callback, body).toUpperCase().replace("SHA256=", "sha256="))).as("hex in capitals").isTrue();
        assertThat(callback.signed(bytes(body + " "), signature(callback, body))).as("altered").isFalse();
        assertThat(callback.signed(bytes(body), signature(new HttpStatusCallback("another-secret-of-some-length"), body))).as("another secret").isFalse();
        assertThat(callback.signed(bytes(body), signature(callback, body).substring("sha256=".length()))).as("no prefix").isFalse();
        assertThat(callback.signed(bytes(body), "sha256=not-hex")).isFalse();
        assertThat(callback.signed(bytes(body), "sha256=")).isFalse();
        assertThat(callback.signed(bytes(body), null)).isFalse();
    }

    @Test
    void aReportNeedsAnIdAndAKnownStateAndKeepsOnlyWellFormedOptionalFields() {
        DeliveryReport report = HttpStatusCallback.report(bytes(
                "{\"id\":\"msg-1\",\"status\":\"undelivered\",\"to\":\"+4915112345678\",\"errorCode\":\"30003\",\"extra\":1}")).orElseThrow();
        assertThat(report).isEqualTo(new DeliveryReport("http", "msg-1", "undelivered", "+4915112345678", "30003"));
        assertThat(report.failed()).isTrue();

        DeliveryReport odd = HttpStatusCallback.report(bytes(
                "{\"id\":42,\"status\":\"delivered\",\"to\":\"0151 12345678\",\"errorCode\":\"<script>\"}")).orElseThrow();
        assertThat(odd.messageId()).isEqualTo("42");
        assertThat(odd.to()).as("not E.164: dropped").isNull();
        assertThat(odd.errorCode()).isNull();

        assertThat(HttpStatusCallback.report(bytes("{\"id\":\"msg-1\",\"status\":\"eaten\"}"))).as("unknown state").isEmpty();
        assertThat(HttpStatusCallback.report(bytes("{\"status\":\"delivered\"}"))).as("no id").isEmpty();
        assertThat(HttpStatusCallback.report(bytes("{\"id\":\"a b\",\"status\":\"delivered\"}"))).as("id with a space").isEmpty();
        assertThat(HttpStatusCallback.report(bytes("{\"id\":{\"x\":1},\"status\":\"delivered\"}"))).isEmpty();
        assertThat(HttpStatusCallback.report(bytes("[1,2]"))).isEmpty();
        assertThat(HttpStatusCallback.report(bytes("id=msg-1&status=delivered"))).as("not JSON").isEmpty();
        assertThat(HttpStatusCallback.report(bytes(""))).isEmpty();
    }

    @Test
    void theMessageIdComesFromTheNamedFieldOfTheVendorsAnswer() {
        assertThat(HttpStatusCallback.messageId("{\"id\":\"msg-7\",\"status\":\"queued\"}", "id")).isEqualTo("msg-7");
        assertThat(HttpStatusCallback.messageId("{\"messageId\":123456}", "messageId")).isEqualTo("123456");
        assertThat(HttpStatusCallback.messageId("{\"id\":\"msg-7\"}", "messageId")).isNull();
        assertThat(HttpStatusCallback.messageId("{\"id\":\"<b>\"}", "id")).isNull();
        assertThat(HttpStatusCallback.messageId("accepted", "id")).isNull();
        assertThat(HttpStatusCallback.messageId("", "id")).isNull();
    }
}
