package io.github.twofold.web.report;

import io.github.twofold.email.EmailCodeSender;
import io.github.twofold.recovery.AccountRecovery;
import io.github.twofold.report.NotMeLinks;
import io.github.twofold.report.NotMeReport;
import io.github.twofold.report.NotMeToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.locale.LocaleUpdaterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code /realms/<realm>/twofold/not-me}: the page a security e-mail's "this wasn't me" link opens.
 * Opening it changes nothing (mail scanners open links): the page says what will happen and its
 * button posts the link's token back, which {@link NotMeReport} then acts on, once. No sign-in is
 * needed: the signed token is the proof, and it can do nothing but protect the account.
 */
public class NotMeResource {

    static final String TEMPLATE = "twofold-not-me.ftl";

    private final KeycloakSession session;

    public NotMeResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response open(@QueryParam(NotMeLinks.PARAMETER) String link, @QueryParam(NotMeLinks.LOCALE) String language) {
        if (language != null) {
            return chooseLanguage(language);
        }
        NotMeLinks.Read read = NotMeLinks.read(session, link);
        UserModel user = read.state() == NotMeLinks.State.VALID ? user(read.token()) : null;
        if (user == null) {
            return refused(read.state() == NotMeLinks.State.VALID ? NotMeLinks.State.INVALID : read.state());
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("state", "confirm");
        page.put("token", link);
        page.put("action", UriBuilder.fromUri(session.getContext().getUri().getRequestUri()).replaceQueryParam(NotMeLinks.PARAMETER).build().toString());
        // a sign-in code nobody asked for tells of a known password, not of a change
        page.put("explain", explanation(read.token().getNotice()));
        page.put("undoes", read.token().getCredentialId() != null
                && user.credentialManager().getStoredCredentialById(read.token().getCredentialId()) != null);
        return page(Response.Status.OK, page);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response confirm(@FormParam(NotMeLinks.PARAMETER) String link) {
        NotMeLinks.Read read = NotMeLinks.read(session, link);
        UserModel user = read.state() == NotMeLinks.State.VALID ? user(read.token()) : null;
        if (user == null) {
            return refused(read.state() == NotMeLinks.State.VALID ? NotMeLinks.State.INVALID : read.state());
        }
        if (!NotMeLinks.use(session, read.token())) {
            return refused(NotMeLinks.State.USED);
        }
        NotMeReport.Outcome outcome = NotMeReport.apply(session, session.getContext().getRealm(), user, read.token());
        // every report ends an open recovery: whoever has the password may have started it
        new AccountRecovery(session, session.getContext().getRealm()).cancel(user, AccountRecovery.Cancellation.REPORTED_BY_USER,
                new EventBuilder(session.getContext().getRealm(), session, session.getContext().getConnection()));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("state", "done");
        page.put("removed", outcome.removedCredentialType() != null);
        return page(Response.Status.OK, page);
    }

    /** What the page says the report is about: a code nobody asked for tells of a known password, not of a change. */
    private static String explanation(String notice) {
        if (notice == null) {
            return "twofoldNotMeExplain";
        }
        if (AccountRecovery.NOTICES.stream().anyMatch(notice::equalsIgnoreCase)) {
            return "twofoldNotMeExplainRecovery";
        }
        return EmailCodeSender.NOTICE.equalsIgnoreCase(notice) ? "twofoldNotMeExplainCode" : "twofoldNotMeExplain";
    }

    /**
     * The page's language menu (and the e-mail's link, in the user's language) adds {@code kc_locale}:
     * outside a sign-in Keycloak reads the language from its cookie, so set that and show the page again.
     */
    private Response chooseLanguage(String language) {
        RealmModel realm = session.getContext().getRealm();
        if (realm.isInternationalizationEnabled() && realm.getSupportedLocalesStream().anyMatch(language::equals)) {
            session.getProvider(LocaleUpdaterProvider.class).updateLocaleCookie(language);
        }
        return Response.seeOther(UriBuilder.fromUri(session.getContext().getUri().getRequestUri()).replaceQueryParam(NotMeLinks.LOCALE).build())
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store").build();
    }

    private UserModel user(NotMeToken token) {
        RealmModel realm = session.getContext().getRealm();
        return session.users().getUserById(realm, token.getSubject());
    }

    /** A link that cannot be used: why, and nothing else (not whose it is). */
    private Response refused(NotMeLinks.State state) {
        return page(Response.Status.BAD_REQUEST, Map.of("state", state.name().toLowerCase(java.util.Locale.ROOT)));
    }

    private Response page(Response.Status status, Map<String, Object> page) {
        Response rendered = session.getProvider(LoginFormsProvider.class).setAttribute("twofoldNotMe", page).setStatus(status).createForm(TEMPLATE);
        // the token is in the address: never in a Referer, never cached
        return Response.fromResponse(rendered).header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store").build();
    }
}
