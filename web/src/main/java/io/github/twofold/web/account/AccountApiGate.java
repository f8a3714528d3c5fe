package io.github.twofold.web.account;

import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.integrity.SecondFactorLevel;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.credential.SecondFactors;
import io.github.twofold.http.RequestToken;
import io.github.twofold.policy.TwofoldRealms;
import io.github.twofold.report.ReportHold;
import io.github.twofold.web.GatedRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.utils.KeycloakSessionUtil;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's Account REST API removes a credential with {@code DELETE
 * /realms/{realm}/account/credentials/{id}}, checking only the token's level against the browser
 * flow, which does not know Twofold's credential types. This request filter (a JAX-RS provider,
 * which Keycloak runs for extensions) puts the same rules in front as the account console's path:
 * removing a second factor needs one verified within the freshness window in the session behind
 * the token, and the last one stays while the policy requires one. A refusal is a 403 with a JSON
 * error that tells the application how to re-authenticate, and an event; nothing is removed.
 *
 * <p>The token is only read here, not verified ({@link RequestToken}).
 */
@Provider
public class AccountApiGate implements ContainerRequestFilter {

    private static final Pattern CREDENTIAL = Pattern.compile("/realms/([^/]+)/account(?:/v\\d[0-9a-zA-Z_\\-]*)?/credentials/([^/]+)/?");
    private static final Pattern PROFILE = Pattern.compile("/realms/([^/]+)/account(?:/v\\d[0-9a-zA-Z_\\-]*)?/?");

    @Override
    public void filter(ContainerRequestContext context) throws IOException {
        if (HttpMethod.DELETE.equals(context.getMethod())) {
            Matcher path = CREDENTIAL.matcher(GatedRequest.path(context));
            if (path.matches()) {
                removal(context, path.group(1), path.group(2));
            }
        } else if (HttpMethod.POST.equals(context.getMethod())) {
            Matcher path = PROFILE.matcher(GatedRequest.path(context));
            if (path.matches()) {
                profileUpdate(context, path.group(1));
            }
        }
    }

    /** The caller's realm, user session and token, where Twofold is in use there; null otherwise (Keycloak refuses a bad token itself). */
    private record Caller(KeycloakSession session, RealmModel realm, UserSessionModel userSession, AccessToken token) {
        static Caller of(String realmName) {
            KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
            RealmModel realm = session == null ? null : session.realms().getRealmByName(realmName);
            RequestToken request = realm == null || !TwofoldRealms.inUse(realm) ? null : RequestToken.of(session);
            UserSessionModel userSession = request == null || !request.realm().getId().equals(realm.getId()) ? null : request.userSession(session);
            return userSession == null ? null : new Caller(session, realm, userSession, request.token());
        }
    }

    /**
     * The e-mail address is where security notices and password resets go: changing it through
     * the profile update needs the same fresh second factor as changing a factor.
     */
    private void profileUpdate(ContainerRequestContext context, String realmName) throws IOException {
        Caller caller = Caller.of(realmName);
        if (caller == null) {
            return;
        }
        Optional<byte[]> body = GatedRequest.body(context);
        UserModel user = caller.userSession().getUser();
        if (body.isPresent() && !changesEmail(body.get(), user.getEmail())
                || SecondFactorProof.mayChange(caller.session(), caller.realm(), user, caller.userSession())) {
            return;
        }
        ClientModel client = caller.token().getIssuedFor() == null ? null : caller.realm().getClientByClientId(caller.token().getIssuedFor());
        EventBuilder event = new EventBuilder(caller.realm(), caller.session(), caller.session().getContext().getConnection())
                .event(EventType.UPDATE_PROFILE_ERROR).user(user)
                .detail(TwofoldEvents.EVENT, TwofoldEvent.ACCOUNT_CHANGE_REFUSED.key())
                .detail(TwofoldEvents.REASON, "no_fresh_second_factor")
                .detail("twofold_setting", "email")
                .detail("twofold_entry_point", "account_rest_api");
        refuse(context, caller.session(), caller.realm(), client, event, "insufficient_user_authentication",
                "Changing the e-mail address needs a second factor verified in the last " + SecondFactorProof.freshSeconds(caller.realm()) / 60
                        + " minutes in this session. Sign in again with a second factor (authorization request with max_age=0"
                        + " and the second-factor level in acr_values).");
    }

    /**
     * Whether a profile update may change (or drop) the user's e-mail address: also when the body
     * cannot be read here, as Keycloak's own reading might differ.
     */
    static boolean changesEmail(byte[] body, String current) {
        Map<String, Object> rep;
        try {
            rep = JsonSerialization.readValue(new ByteArrayInputStream(body), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (IOException | RuntimeException unreadable) {
            return true;
        }
        if (rep == null) {
            return false;
        }
        Object email = rep.get("email");
        if (email == null && rep.get("attributes") instanceof Map<?, ?> attributes && attributes.get("email") instanceof java.util.List<?> values
                && !values.isEmpty()) {
            email = values.get(0);
        }
        String wanted = email == null ? null : email.toString().trim();
        if (current == null || current.isBlank()) {
            return wanted != null && !wanted.isEmpty();
        }
        return wanted == null || !wanted.equalsIgnoreCase(current.trim());
    }

    private void removal(ContainerRequestContext context, String realmName, String credentialId) {
        Caller caller = Caller.of(realmName);
        if (caller == null) {
            return;
        }
        KeycloakSession session = caller.session();
        RealmModel realm = caller.realm();
        UserSessionModel userSession = caller.userSession();
        AccessToken token = caller.token();
        UserModel user = userSession.getUser();
        CredentialModel credential = user.credentialManager().getStoredCredentialById(credentialId);
        if (credential == null || !SecondFactors.isSecondFactor(credential.getType())) {
            return;
        }
        ClientModel client = token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        if (ReportHold.holds(user)) {
            refuse(context, session, realm, user, client, credential, "report_hold", "report_hold",
                    "The user reported a change to this account as not theirs: second factors cannot change until an administrator lifts the hold.");
        } else if (!SecondFactorProof.mayChange(session, realm, user, userSession)) {
            refuse(context, session, realm, user, client, credential, "no_fresh_second_factor", "insufficient_user_authentication",
                    "Removing a second factor needs a second factor verified in the last " + SecondFactorProof.freshSeconds(realm) / 60
                            + " minutes in this session. Sign in again with a second factor (authorization request with max_age=0"
                            + " and the second-factor level in acr_values), or use kc_action=delete_credential.");
        } else if (!SecondFactors.mayRemove(session, realm, user, client, credential.getId(), credential.getType())) {
            refuse(context, session, realm, user, client, credential, "last_second_factor", "last_second_factor",
                    "This is the user's last second factor and the realm requires one: add another first.");
        }
    }

    private static void refuse(ContainerRequestContext request, KeycloakSession session, RealmModel realm, UserModel user, ClientModel client,
                               CredentialModel credential, String reason, String error, String description) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.REMOVE_CREDENTIAL_ERROR)
                .user(user)
                .detail(Details.CREDENTIAL_TYPE, credential.getType())
                .detail(TwofoldEvents.EVENT, TwofoldEvent.FACTOR_REMOVAL_REFUSED.key())
                .detail(TwofoldEvents.REASON, reason)
                .detail("twofold_entry_point", "account_rest_api");
        refuse(request, session, realm, client, event, error, description);
    }

    /** Answers 403 with how to re-authenticate, after recording the refusal. */
    private static void refuse(ContainerRequestContext request, KeycloakSession session, RealmModel realm, ClientModel client, EventBuilder event,
                               String error, String description) {
        if (client != null) {
            event.client(client);
        }
        event.error("twofold_" + (error.equals("last_second_factor") ? error : "no_fresh_second_factor"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        OptionalInt level = SecondFactorLevel.forClient(session, realm, client);
        String acr = level.isPresent() && client != null ? SecondFactorLevel.acrValue(client, level.getAsInt()) : null;
        if (acr != null) {
            body.put("acr_values", acr);
        }
        body.put("max_age", 0);
        StringBuilder challenge = new StringBuilder("Bearer error=\"").append(error).append('"');
        if (acr != null) {
            challenge.append(", acr_values=\"").append(acr).append('"');
        }
        request.abortWith(Response.status(Response.Status.FORBIDDEN)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge.append(", max_age=0").toString())
                .entity(write(body))
                .build());
    }

    private static String write(Map<String, Object> body) {
        try {
            return JsonSerialization.writeValueAsString(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
