package io.github.twofold.signin;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.twofold.audit.TwofoldEvent;
import io.github.twofold.audit.TwofoldEvents;
import io.github.twofold.integrity.SecondFactorLevel;
import io.github.twofold.integrity.SecondFactorProof;
import io.github.twofold.request.TwofoldRequest;
import io.github.twofold.trust.TrustedBrowsers;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

/**
 * Levels are earned, never given: a sign-in that reached the second-factor level (Keycloak's
 * level of authentication, {@code acr} 2 in the demo realm) without verifying a second factor in
 * it or in the SSO session it continues is put back one level below, for this sign-in and for the
 * SSO session, so a later request for the level asks for the second factor. Postponing set-up, a
 * skipped or conditional second step, holding a credential the flow did not check: none of them
 * earns the level. A trusted browser does where the realm policy says so (the default), and
 * the token's {@code amr} then says {@code trusted-browser}, not {@code mfa}. Setting up a first factor (or a new one after emergency access) in this
 * sign-in does: its code was verified before anything is issued.
 */
public final class LevelCap {

    private static final Logger LOG = Logger.getLogger(LevelCap.class);

    private LevelCap() {
    }

    public static void apply(RequiredActionContext context, SignInState state) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        AcrStore acr = new AcrStore(context.getSession(), authSession);
        OptionalInt level = SecondFactorLevel.forClient(context.getSession(), context.getRealm(), authSession.getClient());
        int reached = acr.getLevelOfAuthenticationFromCurrentAuthentication();
        if (level.isEmpty() || reached < level.getAsInt()
                || SecondFactorProof.lastVerified(context.getSession(), context.getRealm(), authSession).isPresent()
                || state.enrollsNewFactor()
                || trustedBrowserMeetsLevel(context, authSession)) {
            return;
        }
        int below = level.getAsInt() - 1;
        acr.setLevelAuthenticatedToCurrentRequest(below);
        authSession.setAuthNote(Constants.LOA_MAP, below(authSession.getAuthNote(Constants.LOA_MAP), level.getAsInt()));
        String sessionLevels = authSession.getUserSessionNotes().get(Constants.LOA_MAP);
        if (sessionLevels != null) {
            authSession.setUserSessionNote(Constants.LOA_MAP, below(sessionLevels, level.getAsInt()));
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(context.getUser())
                .detail(TwofoldEvents.EVENT, TwofoldEvent.LEVEL_CAPPED.key())
                .detail(TwofoldEvents.REASON, "no_second_factor_verified")
                .detail("twofold_level", Integer.toString(below))
                .success();
    }

    /** A trusted browser skipped the second factor in this sign-in or its SSO session, and the policy lets that reach the level. */
    private static boolean trustedBrowserMeetsLevel(RequiredActionContext context, AuthenticationSessionModel authSession) {
        return TwofoldRequest.of(context.getSession(), context.getRealm()).policyFor(context.getUser()).trustedBrowserMeetsLevel()
                && TrustedBrowsers.usedIn(context.getRealm(), authSession.getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED));
    }

    /** Keycloak's map of authenticated levels (level -> time) without the levels from {@code level} up. */
    static String below(String levels, int level) {
        if (levels == null) {
            return null;
        }
        try {
            Map<Integer, Integer> map = JsonSerialization.readValue(levels, new TypeReference<Map<Integer, Integer>>() { });
            map.keySet().removeIf(l -> l >= level);
            return JsonSerialization.writeValueAsString(map);
        } catch (IOException unreadable) {
            LOG.warn("Unreadable level-of-authentication map; cleared");
            return "{}";
        }
    }
}
