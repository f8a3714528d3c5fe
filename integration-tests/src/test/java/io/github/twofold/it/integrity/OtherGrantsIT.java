package io.github.twofold.it.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.Json;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TestUser;
import io.github.twofold.it.harness.TwofoldTest;
import io.github.twofold.it.harness.Names;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Grants besides the browser's code and the password: each gives tokens for a session whose
 * sign-in ran Twofold's second step and its checks after sign-in, and none gives a level or
 * {@code amr} the session did not earn.
 */
@TwofoldTest
class OtherGrantsIT {

    /** Standard token exchange: a service exchanges the user's token for one of its own, on the same checked session. */
    @Test
    void aTokenExchangedForAnotherServiceKeepsTheSessionsVerifiedFactor(TestEnvironment env) {
        String realm = env.realmWithPolicy("grant-exchange", Map.of());
        String clients = "/admin/realms/" + realm + "/clients";
        env.admin().post(clients, Map.of("clientId", "orders-api", "publicClient", false, "secret", "orders-api-secret-4711",
                "standardFlowEnabled", false, "attributes", Map.of("standard.token.exchange.enabled", "true"),
                "protocolMappers", List.of(Map.of("name", "amr", "protocol", "openid-connect", "protocolMapper", "twofold-amr-mapper",
                        "config", Map.of("access.token.claim", "true"))))).expect(201);
        String demoApp = env.admin().clientUuid(realm, "demo-app");
        env.admin().post(clients + "/" + demoApp + "/protocol-mappers/models", Map.of("name", "orders audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.client.audience", "orders-api", "access.token.claim", "true")))
                .expect(201);
        TestUser user = env.newUserWithPhone(realm, "grant-exchange");
        String subject = SignIns.withSms(env, realm, user, 1).tokens().accessToken();

        OidcClient.Tokens exchanged = env.client(realm, "orders-api").token(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "client_id", "orders-api",
                "client_secret", "orders-api-secret-4711", "subject_token", subject,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
        assertThat(exchanged.accessClaims().path("azp").asText()).isEqualTo("orders-api");
        assertThat(exchanged.amr()).contains("sms", "mfa");
    }

    /** The device grant (a TV, a command line): the person signs in in a browser with the second factor; the device polls for the tokens. */
    @Test
    void aDeviceGetsTokensOnceThePersonSignedInWithTheSecondFactor(TestEnvironment env) {
        String realm = env.realmWithPolicy("grant-device", Map.of());
        env.admin().post("/admin/realms/" + realm + "/clients", Map.of("clientId", "tv-app", "publicClient", true, "standardFlowEnabled", false,
                "attributes", Map.of("oauth2.device.authorization.grant.enabled", "true"),
                "protocolMappers", List.of(Map.of("name", "amr", "protocol", "openid-connect", "protocolMapper", "twofold-amr-mapper",
                        "config", Map.of("access.token.claim", "true"))))).expect(201);
        TestUser user = env.newUserWithPhone(realm, "grant-device");
        OidcClient tv = env.client(realm, "tv-app");
        HttpResponse<String> started = tv.post("/protocol/openid-connect/auth/device", Map.of("client_id", "tv-app", "scope", "openid"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode device = Json.parse(started.body());
        Map<String, String> poll = Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "client_id", "tv-app",
                "device_code", device.path("device_code").asText());

        HttpLogin browser = env.httpLogin();
        HttpLogin.Page page = LoginPages.password(browser, browser.open(device.path("verification_uri_complete").asText()), user);
        assertThat(page.document().getElementById(LoginPages.SMS_FORM)).as("the second step: " + page.document().text()).isNotNull();
        page = LoginPages.code(browser, page, env.sms().awaitCode(user.phone(), 1));
        // Keycloak always asks the person to grant the device access (its device flow forces the consent page)
        assertThat(page.document().select("input[name=accept], button[name=accept]")).as(page.document().text()).isNotEmpty();
        page = browser.submit(page, null, Map.of("accept", "Yes"));
        assertThat(page.status()).as(page.document().text()).isEqualTo(200);

        // one poll, after the sign-in: Keycloak answers a second poll within its interval (5 s, real time) with slow_down
        OidcClient.Tokens tokens = tv.token(poll);
        assertThat(tokens.amr()).contains("sms", "mfa");
    }

    /**
     * CIBA: an application asks Keycloak to sign a person in on their own device, through an
     * authentication channel Twofold never sees. No Twofold check runs for such a session, so in a
     * realm that uses Twofold the approved request gets no token; a realm without Twofold (the
     * same steps, the same server) gets one, which shows the channel itself works.
     */
    @Test
    void aBackchannelSignInGetsNoTokenInARealmThatUsesTwofold(TestEnvironment env) {
        BackchannelSignIns.noTokenInARealmThatUsesTwofold(env, env.admin(), env.baseUrl());
    }

    /**
     * The JWT authorization grant (RFC 7523): an application trades an assertion from another
     * issuer for a token of an account linked to that issuer's subject. No sign-in flow runs, so in
     * a realm that uses Twofold the grant gets no token; a realm without Twofold (the same issuer,
     * the same steps, the same server) gets one, which shows the assertion itself is good.
     */
    @Test
    void aJwtAuthorizationGrantGetsNoTokenInARealmThatUsesTwofold(TestEnvironment env) throws Exception {
        KeyPair issuerKey = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String plain = Names.unique("grant-jwt-plain", 8);
        env.admin().post("/admin/realms", Map.of("realm", plain, "enabled", true)).expect(201);
        HttpResponse<String> withoutTwofold = assertionGrant(env, plain, issuerKey);
        assertThat(withoutTwofold.statusCode()).as(withoutTwofold.body()).isEqualTo(200);
        assertThat(Json.parse(withoutTwofold.body()).path("access_token").asText()).isNotEmpty();

        HttpResponse<String> withTwofold = assertionGrant(env, env.realmWithPolicy("grant-jwt", Map.of()), issuerKey);
        assertThat(withTwofold.statusCode()).as(withTwofold.body()).isEqualTo(400);
        JsonNode refusal = Json.parse(withTwofold.body());
        assertThat(refusal.path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refusal.path("error_description").asText()).contains("JWT authorization grant");
        assertThat(refusal.has("access_token")).isFalse();
    }

    /**
     * A new user with a phone, linked to subject {@code sub} of an issuer the realm trusts for the
     * JWT authorization grant (Keycloak's provider {@code jwt-authorization-grant}, with the issuer's
     * public key), and an application allowed to use it; the token endpoint's answer to an assertion
     * the issuer signed for that subject.
     */
    private static HttpResponse<String> assertionGrant(TestEnvironment env, String realm, KeyPair issuerKey) throws Exception {
        String issuer = "https://issuer.example/" + realm;
        env.admin().post("/admin/realms/" + realm + "/identity-provider/instances", Map.of("alias", "partner-issuer",
                "providerId", "jwt-authorization-grant", "enabled", true, "config", Map.of("issuer", issuer, "useJwksUrl", "false",
                        "publicKeySignatureVerifier", Base64.getEncoder().encodeToString(issuerKey.getPublic().getEncoded()))))
                .expect(201);
        String secret = "partner-app-secret-4711";
        env.admin().post("/admin/realms/" + realm + "/clients", Map.of("clientId", "partner-app", "publicClient", false, "secret", secret,
                "standardFlowEnabled", false, "attributes", Map.of("oauth2.jwt.authorization.grant.enabled", "true",
                        "oauth2.jwt.authorization.grant.idp", "partner-issuer"))).expect(201);
        TestUser user = env.newUserWithPhone(realm, "grant-jwt");
        String subject = "partner-" + UUID.randomUUID();
        env.admin().post("/admin/realms/" + realm + "/users/" + user.id() + "/federated-identity/partner-issuer",
                Map.of("identityProvider", "partner-issuer", "userId", subject, "userName", user.username())).expect(204);

        long now = System.currentTimeMillis() / 1000;
        String assertion = signed(issuerKey.getPrivate(), Map.of("alg", "RS256", "typ", "JWT"), Map.of("iss", issuer, "sub", subject,
                "aud", env.baseUrl() + "/realms/" + realm, "iat", now, "exp", now + 120, "jti", UUID.randomUUID().toString()));
        return env.client(realm, "partner-app").post("/protocol/openid-connect/token", Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "client_id", "partner-app", "client_secret", secret,
                "assertion", assertion, "scope", "openid"));
    }

    private static String signed(PrivateKey key, Map<String, Object> header, Map<String, Object> claims) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + url.encodeToString(rsa.sign());
    }
}
