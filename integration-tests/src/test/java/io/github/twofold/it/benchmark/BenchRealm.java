package io.github.twofold.it.benchmark;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.twofold.it.harness.AdminApi;
import io.github.twofold.it.harness.RealmKeys;
import io.github.twofold.testsupport.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A realm for one flow of the benchmark: the demo realm (same client, required actions, policy,
 * event settings) whose browser flow is "cookie, or password then one second step".
 */
final class BenchRealm {

    static final String FLOW = "bench browser";
    private static final String FORMS = "bench forms";

    /**
     * SMS budgets at their maximum: every benchmark login sends an SMS from one client address to
     * one country. The budgets are still checked (and counted) on every send.
     */
    private static final Map<String, String> SMS_BUDGETS_AT_MAXIMUM = Map.of(
            "smsPerUserPerHour", "1000",
            "smsPerNumberPerDay", "1000",
            "smsPerPrefixPerHour", "10000",
            "smsPerCountryPerHour", "1000000",
            "smsPerIpPerHour", "100000",
            "smsPerRealmPerDay", "10000000",
            "smsPerDayYoungAccounts", "10000000");

    private BenchRealm() {
    }

    /**
     * Creates the realm.
     *
     * @param secondStep the authenticator after the password, or null for password only
     * @param listeners  the realm's event listeners
     * @param passwordPolicy the realm's password policy, or null for Keycloak's default
     */
    static String create(AdminApi admin, String key, String secondStep, List<String> listeners, String passwordPolicy) {
        String name = "bench-" + key + "-" + UUID.randomUUID().toString().substring(0, 6);
        ObjectNode realm;
        try {
            realm = (ObjectNode) Json.parse(Files.readString(Path.of(System.getProperty("twofold.realm.file"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        realm.put("realm", name);
        realm.remove("id");
        realm.remove("users");
        realm.put("browserFlow", FLOW);
        if (passwordPolicy != null) {
            realm.put("passwordPolicy", passwordPolicy);
        }
        // the realm's tokens are signed as in any realm; only the key is not generated on creation
        RealmKeys.give(realm);
        ArrayNode eventListeners = realm.putArray("eventsListeners");
        listeners.forEach(eventListeners::add);
        ObjectNode policy = (ObjectNode) realm.path("components").path("io.github.twofold.policy.TwofoldPolicyProvider").get(0).path("config");
        SMS_BUDGETS_AT_MAXIMUM.forEach((k, v) -> policy.putArray(k).add(v));

        ArrayNode flows = (ArrayNode) realm.path("authenticationFlows");
        ObjectNode browser = flows.addObject().put("alias", FLOW).put("providerId", "basic-flow").put("topLevel", true).put("builtIn", false);
        ArrayNode top = browser.putArray("authenticationExecutions");
        top.addObject().put("authenticator", "auth-cookie").put("requirement", "ALTERNATIVE").put("priority", 10).put("authenticatorFlow", false);
        top.addObject().put("flowAlias", FORMS).put("requirement", "ALTERNATIVE").put("priority", 20).put("authenticatorFlow", true);
        ObjectNode forms = flows.addObject().put("alias", FORMS).put("providerId", "basic-flow").put("topLevel", false).put("builtIn", false);
        ArrayNode steps = forms.putArray("authenticationExecutions");
        steps.addObject().put("authenticator", "auth-username-password-form").put("requirement", "REQUIRED").put("priority", 10).put("authenticatorFlow", false);
        if (secondStep != null) {
            steps.addObject().put("authenticator", secondStep).put("requirement", "REQUIRED").put("priority", 20).put("authenticatorFlow", false);
        }
        admin.post("/admin/realms", realm).expect(201);
        return name;
    }

    /** Adds users in batches through the partial import (credentials stored as given, no hashing on import). */
    static void addUsers(AdminApi admin, String realm, List<ObjectNode> users) {
        for (int from = 0; from < users.size(); from += 250) {
            ObjectNode body = Json.object().put("ifResourceExists", "FAIL");
            ArrayNode batch = body.putArray("users");
            users.subList(from, Math.min(users.size(), from + 250)).forEach(batch::add);
            admin.post("/admin/realms/" + realm + "/partialImport", body).expect(200);
        }
    }

    /** A user representation: enabled, e-mail verified, with these credentials. */
    static ObjectNode user(String username, List<Map<String, Object>> credentials) {
        ObjectNode user = Json.object().put("username", username).put("enabled", true)
                .put("email", username + "@bench.example").put("emailVerified", true)
                .put("firstName", "Bench").put("lastName", "User");
        user.set("credentials", Json.MAPPER.valueToTree(credentials));
        return user;
    }
}
