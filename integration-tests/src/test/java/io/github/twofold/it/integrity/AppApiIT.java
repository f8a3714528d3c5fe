package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.Phones;
import io.github.twofold.it.harness.SecretScanner;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.Totp;
import io.github.twofold.it.harness.TwilioStub;
import io.github.twofold.it.harness.TwofoldTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The app API ({@code /realms/{realm}/twofold/account}) as an application calls it: with the user's
 * access token from a sign-in with a second factor, from a password-only sign-in, from an application
 * the policy does not list, from another realm, and with bad input. Everything a change needs is
 * checked against what Keycloak stored afterwards.
 */
@TwofoldTest
class AppApiIT {

    private static final String ORIGIN = "http://localhost:8081";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, String contentType, JsonNode json, HttpResponse<String> raw) {
    }

    @Test
    void withAFreshSecondFactorAnAppReadsEnrollsAnAuthenticatorAppRenewsBackupCodesAndRemovesAPhone(TestEnvironment env) throws Exception {
        String realm = env.realmWithPolicy("app-api", Map.of("secondFactorRequiredFor", "everyone"));
        TestUser user = env.newUserWithPhone(realm, "app-api");
        String token = SignIns.withSms(env, realm, user, 1).tokens().accessToken();

        Reply status = call(env, realm, "GET", "factors", token, null);
        assertThat(status.status()).as(status.raw().body()).isEqualTo(200);
        assertThat(status.raw().headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
        assertThat(kinds(status.json())).containsExactly("sms");
        assertThat(status.json().path("phone").asText()).matches("\\+49\\*+\\d{4}").isNotEqualTo(user.phone());
        assertThat(status.raw().body()).doesNotContain(user.phone().substring(3));
        assertThat(status.json().path("mayChangeFactors").asBoolean()).isTrue();

        // an authenticator app: the QR code is the otpauth URI
        Reply started = call(env, realm, "POST", "totp", token, null);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(201);
        String uri = started.json().path("otpauthUri").asText();
        String secret = started.json().path("secret").asText();
        SecretScanner.get().register("app secret", secret);
        assertThat(uri).startsWith("otpauth://totp/");
        assertThat(decodeQr(started.json().path("qrPng").asText())).isEqualTo(uri);
        assertThat(started.json().path("qrSvg").asText()).startsWith("<svg");
        String enrollment = started.json().path("enrollment").asText();

        Reply wrong = call(env, realm, "POST", "totp/confirm", token, Map.of("enrollment", enrollment, "code", "000000"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.json().path("type").asText()).isEqualTo("urn:twofold:problem:wrong-code");

        // two parallel confirmations with the right code store one credential
        String code = Totp.code(secret);
        List<CompletableFuture<Reply>> parallel = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            parallel.add(CompletableFuture.supplyAsync(() -> call(env, realm, "POST", "totp/confirm", token,
                    Map.of("enrollment", enrollment, "code", code, "label", "Phone app"))));
        }
        List<Integer> statuses = parallel.stream().map(CompletableFuture::join).map(Reply::status).toList();
        assertThat(statuses).as(statuses.toString()).containsOnlyOnce(201);
        assertThat(statuses).allMatch(s -> s == 201 || s == 404 || s == 409);
        assertThat(env.admin().credentialTypes(realm, user.id()).stream().filter("otp"::equals)).hasSize(1);

        // new backup codes, shown once
        Reply codes = call(env, realm, "POST", "backup-codes", token, null);
        assertThat(codes.status()).as(codes.raw().body()).isEqualTo(201);
        codes.json().path("codes").forEach(c -> SecretScanner.get().register("backup code", c.asText()));
        assertThat(codes.json().path("codes")).hasSize(10);

        // the phone goes; the app stays, and the last factor the realm requires cannot go
        Reply after = call(env, realm, "GET", "factors", token, null);
        assertThat(kinds(after.json())).containsExactlyInAnyOrder("sms", "app", "backup-codes");
        assertThat(after.json().path("backupCodesLeft").asInt()).isEqualTo(10);
        Reply removed = call(env, realm, "DELETE", "factors/" + factorId(after.json(), "sms"), token, null);
        assertThat(removed.status()).as(removed.raw().body()).isEqualTo(204);
        assertThat(env.admin().credentialTypes(realm, user.id())).doesNotContain("twofold-sms");
        Reply last = call(env, realm, "DELETE", "factors/" + factorId(after.json(), "app"), token, null);
        assertThat(last.status()).as(last.raw().body()).isEqualTo(409);
        assertThat(last.json().path("type").asText()).isEqualTo("urn:twofold:problem:last-second-factor");
        assertThat(env.admin().credentialTypes(realm, user.id())).contains("otp");

        // a second app: a name with a control character is refused; a name in use (Keycloak compares
        // ignoring case) is refused before the enrollment is used up, so another name confirms it
        Reply second = call(env, realm, "POST", "totp", token, null);
        String secondSecret = second.json().path("secret").asText();
        SecretScanner.get().register("app secret", secondSecret);
        String secondEnrollment = second.json().path("enrollment").asText();
        Reply control = call(env, realm, "POST", "totp/confirm", token,
                Map.of("enrollment", secondEnrollment, "code", Totp.code(secondSecret), "label", "Tablet\u0000app"));
        assertThat(control.status()).as(control.raw().body()).isEqualTo(400);
        Reply taken = call(env, realm, "POST", "totp/confirm", token,
                Map.of("enrollment", secondEnrollment, "code", Totp.code(secondSecret), "label", "phone APP"));
        assertThat(taken.status()).as(taken.raw().body()).isEqualTo(409);
        assertThat(taken.json().path("type").asText()).isEqualTo("urn:twofold:problem:duplicate-label");
        Reply renamed = call(env, realm, "POST", "totp/confirm", token,
                Map.of("enrollment", secondEnrollment, "code", Totp.code(secondSecret), "label", "Tablet app"));
        assertThat(renamed.status()).as(renamed.raw().body()).isEqualTo(201);
        assertThat(env.admin().credentialTypes(realm, user.id()).stream().filter("otp"::equals)).hasSize(2);

        assertThat(twofoldEvents(env, user)).contains("app_added", "backup_codes_created", "factor_removed", "factor_removal_refused");
    }

    @Test
    void aPhoneIsSetUpWithTheCodeSentToItThroughTheSameRulesAsThePages(TestEnvironment env) {
        String realm = env.realmWithPolicy("app-api-phone", Map.of());
        TestUser user = env.newUserWithPhone(realm, "app-api-phone");
        String token = SignIns.withSms(env, realm, user, 1).tokens().accessToken();
        String newPhone = Phones.random();

        Reply rejected = call(env, realm, "POST", "phone", token, Map.of("phone", "+1 900 555 0123"));
        assertThat(rejected.status()).as(rejected.raw().body()).isEqualTo(400);
        assertThat(rejected.json().path("type").asText()).isEqualTo("urn:twofold:problem:phone-rejected");

        Reply sent = call(env, realm, "POST", "phone", token, Map.of("phone", newPhone));
        assertThat(sent.status()).as(sent.raw().body()).isEqualTo(202);
        assertThat(sent.json().path("phone").asText()).isEqualTo(Phones.masked(newPhone));
        assertThat(sent.raw().body()).doesNotContain(newPhone.substring(3));
        String code = env.sms().awaitCode(newPhone, 1);
        Reply again = call(env, realm, "POST", "phone", token, Map.of("phone", newPhone));
        assertThat(again.status()).as("the resend cooldown holds: " + again.raw().body()).isEqualTo(429);
        assertThat(again.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(env.sms().messagesTo(newPhone)).hasSize(1);

        Reply wrong = call(env, realm, "POST", "phone/confirm", token, Map.of("code", code.equals("000000") ? "111111" : "000000"));
        assertThat(wrong.status()).as(wrong.raw().body()).isEqualTo(400);
        Reply stored = call(env, realm, "POST", "phone/confirm", token, Map.of("code", code));
        assertThat(stored.status()).as(stored.raw().body()).isEqualTo(201);
        assertThat(env.admin().credentials(realm, user.id()).toString()).contains(Phones.masked(newPhone)).doesNotContain(Phones.masked(user.phone()));
        assertThat(call(env, realm, "POST", "phone/confirm", token, Map.of("code", code)).status()).as("the code works once").isIn(400, 404);
        assertThat(twofoldEvents(env, user)).contains("phone_replaced", "phone_verification_failed");
    }


    /** The same through the {@code twilio-verify} gateway (Austrian numbers on the test servers): Verify's code confirms the phone, once. */
    @Test
    void aPhoneIsSetUpWithVerifysCodeThroughTheAppApi(TestEnvironment env) {
        String realm = env.realmWithPolicy("app-api-verify", Map.of());
        TestUser user = env.newUserWithPhone(realm, "app-api-verify");
        String token = SignIns.withSms(env, realm, user, 1).tokens().accessToken();
        String newPhone = Phones.austrian();
        Reply sent = call(env, realm, "POST", "phone", token, Map.of("phone", newPhone));
        assertThat(sent.status()).as(sent.raw().body()).isEqualTo(202);
        assertThat(env.sms().messagesTo(newPhone)).extracting(TwilioStub.Sms::gateway).containsExactly("twilio-verify");
        String code = env.sms().awaitCode(newPhone, 1);
        Reply wrong = call(env, realm, "POST", "phone/confirm", token, Map.of("code", code.equals("000000") ? "111111" : "000000"));
        assertThat(wrong.status()).as(wrong.raw().body()).isEqualTo(400);
        // Verify cannot be asked: a 503 to repeat, not a wrong code, and nothing counted
        TwilioStub.Behaviour down = env.sms().verifyCheckAnswers(newPhone, 503);
        try {
            Reply unavailable = call(env, realm, "POST", "phone/confirm", token, Map.of("code", code));
            assertThat(unavailable.status()).as(unavailable.raw().body()).isEqualTo(503);
            assertThat(unavailable.json().path("type").asText()).isEqualTo("urn:twofold:problem:check-unavailable");
        } finally {
            env.sms().undo(down);
        }
        Reply stored = call(env, realm, "POST", "phone/confirm", token, Map.of("code", code));
        assertThat(stored.status()).as(stored.raw().body()).isEqualTo(201);
        assertThat(call(env, realm, "POST", "phone/confirm", token, Map.of("code", code)).status()).as("the code works once").isIn(400, 404);
        assertThat(env.sms().verifyChecksFor(newPhone)).as("the wrong code, the one Verify could not check, the right one; the repeat is refused before Twilio")
                .isEqualTo(3);
    }
    @Test
    void aPasswordOnlyTokenReadsButChangesNothing(TestEnvironment env) {
        String realm = env.realmWithPolicy("app-api-pw", Map.of());
        TestUser user = env.newUserWithPhone(realm, "app-api-pw");
        String token = SignIns.passwordOnly(env, realm, user).tokens().accessToken();
        Reply status = call(env, realm, "GET", "factors", token, null);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("mayChangeFactors").asBoolean()).isFalse();
        String phoneId = factorId(status.json(), "sms");

        for (String[] change : List.of(new String[] {"POST", "totp"}, new String[] {"POST", "backup-codes"}, new String[] {"DELETE", "factors/" + phoneId},
                new String[] {"POST", "phone"}, new String[] {"POST", "phone/confirm"}, new String[] {"POST", "totp/confirm"})) {
            Reply refused = call(env, realm, change[0], change[1], token, null);
            assertThat(refused.status()).as(change[1] + ": " + refused.raw().body()).isEqualTo(403);
            assertThat(refused.json().path("type").asText()).isEqualTo("urn:twofold:problem:fresh-second-factor-required");
            assertThat(refused.json().path("max_age").asInt()).isZero();
            assertThat(refused.json().path("acr_values").asText()).isEqualTo("2");
            assertThat(refused.raw().headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_user_authentication");
        }
        assertThat(env.admin().credentialTypes(realm, user.id())).containsExactlyInAnyOrder("password", "twofold-sms");
    }

    /**
     * An admin who impersonates a user gets a session of the user's with no level of
     * authentication: an application's sign-in through it (the demo flow has levels) asks for the
     * password again, so no app token, and no way to the app API, comes from impersonation alone.
     */
    @Test
    void anImpersonatedSessionGetsNoAppTokenWithoutTheUsersPassword(TestEnvironment env) {
        String realm = env.realmWithPolicy("app-api-imp", Map.of());
        TestUser user = env.newUserWithPhone(realm, "app-api-imp");
        AdminApi.Response impersonation = env.admin().post("/admin/realms/" + realm + "/users/" + user.id() + "/impersonation", Map.of()).expect(200);
        HttpLogin browser = env.httpLogin().remember(impersonation.headers());
        assertThat(browser.cookie("KEYCLOAK_IDENTITY")).as("Keycloak's impersonation gave the browser the user's session").isPresent();
        OidcClient oidc = env.oidc(realm);
        HttpLogin.Page page = browser.open(oidc.authRequest().url());
        assertThat(page.isCallback(oidc.redirectUri())).as(page.document().text()).isFalse();
        assertThat(page.document().getElementById("password")).as("the password again: " + page.document().text()).isNotNull();
        assertThat(env.sms().messagesTo(user.phone())).isEmpty();
    }

    @Test
    void tokensOfOtherApplicationsAndRealmsAndBadInputAreRefusedWithProblemJson(TestEnvironment env) {
        String realm = env.realmWithPolicy("app-api-bad", Map.of("secondFactorRequiredFor", "nobody"));
        TestUser plain = env.newUser(realm, "app-api-plain", Map.of());
        OidcClient other = PasswordGrant.apiClient(env, realm);
        String otherToken = PasswordGrant.token(other, plain, Map.of()).accessToken();
        Reply notListed = call(env, realm, "GET", "factors", otherToken, null);
        assertThat(notListed.status()).isEqualTo(403);
        assertThat(notListed.json().path("type").asText()).isEqualTo("urn:twofold:problem:client-not-allowed");

        // an application's own token (client credentials), even of a listed application: no person behind it
        String services = env.realmWithPolicy("app-api-svc", Map.of("appApiClients", "demo-app,svc-app"));
        env.admin().post("/admin/realms/" + services + "/clients", Map.of("clientId", "svc-app", "publicClient", false,
                "secret", "svc-app-secret-4711", "serviceAccountsEnabled", true, "standardFlowEnabled", false)).expect(201);
        String serviceToken = env.client(services, "svc-app").token(Map.of("grant_type", "client_credentials", "client_id", "svc-app",
                "client_secret", "svc-app-secret-4711")).accessToken();
        Reply service = call(env, services, "GET", "factors", serviceToken, null);
        assertThat(service.status()).as(service.json().toString()).isEqualTo(403);
        assertThat(service.json().path("type").asText()).isEqualTo("urn:twofold:problem:service-account");

        String otherRealm = env.realmWithPolicy("app-api-other", Map.of());
        TestUser user = env.newUserWithPhone(realm, "app-api-bad");
        String token = SignIns.withSms(env, realm, user, 1).tokens().accessToken();
        assertThat(call(env, otherRealm, "GET", "factors", token, null).status()).as("a token of another realm").isEqualTo(401);
        assertThat(call(env, realm, "GET", "factors", null, null).status()).isEqualTo(401);
        assertThat(call(env, realm, "GET", "factors", "not-a-token", null).status()).isEqualTo(401);

        List<Object> badBodies = List.of("", "not json", "[]", "{}", Map.of("enrollment", 123, "code", true),
                Map.of("enrollment", "x".repeat(65), "code", "123456"), Map.of("enrollment", "e", "code", "1".repeat(5000)),
                Map.of("enrollment", "00000000-0000-0000-0000-000000000000", "code", "123456"));
        for (Object body : badBodies) {
            Reply bad = call(env, realm, "POST", "totp/confirm", token, body);
            assertThat(bad.status()).as(String.valueOf(body).substring(0, Math.min(40, String.valueOf(body).length()))).isIn(400, 404);
            assertThat(bad.contentType()).startsWith("application/problem+json");
        }
        Reply badId = call(env, realm, "DELETE", "factors/" + "%3Cscript%3E", token, null);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(call(env, realm, "DELETE", "factors/" + java.util.UUID.randomUUID(), token, null).status()).isEqualTo(404);

        HttpResponse<String> preflight = send(HttpRequest.newBuilder(uri(env, realm, "factors")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN).header("Access-Control-Request-Method", "DELETE"));
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("DELETE");

        HttpResponse<String> openApi = send(HttpRequest.newBuilder(uri(env, realm, "openapi.json")).GET());
        assertThat(Json.parse(openApi.body()).path("openapi").asText()).startsWith("3.1");
    }

    private static Reply call(TestEnvironment env, String realm, String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(env, realm, path)).header("Origin", ORIGIN);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        String payload = body == null ? "" : body instanceof String s ? s : Json.write(body);
        request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(payload));
        HttpResponse<String> response = send(request);
        JsonNode json = response.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.parse(response.body());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json, response);
    }

    private static URI uri(TestEnvironment env, String realm, String path) {
        return URI.create(env.baseUrl() + "/realms/" + realm + "/twofold/account/" + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> kinds(JsonNode status) {
        return StreamSupport.stream(status.path("factors").spliterator(), false).map(f -> f.path("kind").asText()).toList();
    }

    private static String factorId(JsonNode status, String kind) {
        return StreamSupport.stream(status.path("factors").spliterator(), false).filter(f -> kind.equals(f.path("kind").asText()))
                .findFirst().orElseThrow().path("id").asText();
    }

    /**
     * Reads the QR code in a data:image/png URI with zxing. The image is clean (no camera between),
     * so the pure-barcode reader reads every module of it exactly, instead of searching for it.
     */
    private static String decodeQr(String dataUri) throws Exception {
        byte[] png = Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    private static List<String> twofoldEvents(TestEnvironment env, TestUser user) {
        return StreamSupport.stream(env.admin().userEvents(user.realm(), user.id()).spliterator(), false)
                .map(e -> e.path("details").path("twofold_event").asText()).toList();
    }
}
