/*
 * Twofold demo application: a public OIDC client (authorization code + PKCE) that shows the
 * claims an application receives: who signed in, acr (level of authentication) and amr (the
 * methods used). Single file, JDK only: java demo/DemoApp.java <port> <realm-url> <client-id>
 */
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class DemoApp {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> VERIFIERS = new ConcurrentHashMap<>();
    private static final Map<String, String[]> SESSIONS = new ConcurrentHashMap<>();

    private static String realmUrl;
    private static String clientId;
    private static String base;

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        realmUrl = args[1];
        clientId = args[2];
        base = "http://localhost:" + port;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", DemoApp::handle);
        server.start();
        System.out.println("demo app on " + base);
    }

    private static void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = parse(ex.getRequestURI().getRawQuery());
            switch (path) {
                case "/login" -> login(ex, query.getOrDefault("acr", ""), query.getOrDefault("action", ""), query.containsKey("fresh"));
                case "/callback" -> callback(ex, query);
                case "/logout" -> logout(ex);
                case "/security" -> security(ex, query);
                case "/" -> home(ex);
                default -> send(ex, 404, page("Not found", "<p>Nothing here. <a href=\"/\">Home</a></p>"));
            }
        } catch (Exception e) {
            send(ex, 500, page("Error", "<p>" + esc(e.getMessage()) + "</p><p><a href=\"/\">Home</a></p>"));
        }
    }

    /** Required actions the demo lets a signed-in user start (application-initiated actions, kc_action). */
    private static final Map<String, String> ACTIONS = new LinkedHashMap<>();

    static {
        ACTIONS.put("twofold-set-up-phone", "Set up or replace phone");
        ACTIONS.put("twofold-backup-codes", "Create new backup codes");
        ACTIONS.put("CONFIGURE_TOTP", "Set up authenticator app");
    }

    private static void login(HttpExchange ex, String acr, String action, boolean fresh) throws Exception {
        String state = random(16);
        String verifier = random(32);
        VERIFIERS.put(state, verifier);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", clientId);
        p.put("redirect_uri", base + "/callback");
        p.put("response_type", "code");
        p.put("scope", "openid");
        p.put("state", state);
        p.put("code_challenge", challenge);
        p.put("code_challenge_method", "S256");
        if (ACTIONS.containsKey(action)) {
            p.put("kc_action", action);
        }
        if (fresh) {
            p.put("max_age", "0"); // the security page's changes need a second factor verified just now
        }
        if (!acr.isEmpty()) {
            p.put("acr_values", acr);
            p.put("claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"" + acr.replaceAll("[^a-z0-9-]", "") + "\"]}}}");
        }
        redirect(ex, realmUrl + "/protocol/openid-connect/auth?" + form(p));
    }

    private static void callback(HttpExchange ex, Map<String, String> query) throws Exception {
        if (query.containsKey("error")) {
            send(ex, 400, page("Sign-in failed", "<p>" + esc(query.get("error")) + ": " + esc(query.getOrDefault("error_description", ""))
                    + "</p><p><a href=\"/\">Home</a></p>"));
            return;
        }
        String verifier = VERIFIERS.remove(query.getOrDefault("state", ""));
        if (verifier == null) {
            send(ex, 400, page("Sign-in failed", "<p>Unknown or reused state.</p><p><a href=\"/\">Home</a></p>"));
            return;
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", query.get("code"),
                        "redirect_uri", base + "/callback", "client_id", clientId, "code_verifier", verifier)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            send(ex, 400, page("Sign-in failed", "<p>Token endpoint answered " + response.statusCode() + "</p><p><a href=\"/\">Home</a></p>"));
            return;
        }
        String idToken = field(response.body(), "id_token");
        String accessToken = field(response.body(), "access_token");
        String session = random(18);
        SESSIONS.put(session, new String[]{idToken, payload(idToken), payload(accessToken), accessToken});
        ex.getResponseHeaders().add("Set-Cookie", "demo_session=" + session + "; HttpOnly; Path=/; SameSite=Lax");
        redirect(ex, base + "/");
    }

    private static void logout(HttpExchange ex) throws IOException {
        String[] s = session(ex);
        String sid = cookie(ex);
        if (sid != null) {
            SESSIONS.remove(sid);
        }
        ex.getResponseHeaders().add("Set-Cookie", "demo_session=; Max-Age=0; Path=/");
        if (s == null) {
            redirect(ex, base + "/");
            return;
        }
        redirect(ex, realmUrl + "/protocol/openid-connect/logout?" + form(Map.of("id_token_hint", s[0],
                "post_logout_redirect_uri", base + "/", "client_id", clientId)));
    }

    private static void home(HttpExchange ex) throws IOException {
        String[] s = session(ex);
        StringBuilder body = new StringBuilder();
        if (s == null) {
            body.append("<p>Not signed in.</p>")
                .append("<p><a class=\"btn\" href=\"/login\">Sign in</a> ")
                .append("<a class=\"btn\" href=\"/login?acr=1\">Sign in with the password only (acr_values=1)</a></p>");
        } else {
            String id = s[1];
            String access = s[2];
            body.append("<p>Signed in as <b>").append(esc(claim(id, "preferred_username"))).append("</b>.</p>")
                .append("<table><tr><th>acr</th><td>").append(esc(claim(id, "acr"))).append("</td></tr>")
                .append("<tr><th>amr</th><td>").append(esc(rawClaim(access, "amr"))).append("</td></tr></table>")
                .append("<p><a class=\"btn\" href=\"/login?acr=2\">Step up to two factors (acr_values=2)</a> ")
                .append("<a class=\"btn\" href=\"/security\">Security settings (app API)</a> ")
                .append("<a class=\"btn\" href=\"/logout\">Sign out</a></p>")
                .append("<p>Manage your second factors: ");
            ACTIONS.forEach((action, label) -> body.append("<a class=\"btn\" href=\"/login?action=").append(action).append("\">")
                    .append(esc(label)).append("</a> "));
            body.append("</p>")
                .append("<h2>ID token claims</h2><pre>").append(esc(id)).append("</pre>")
                .append("<h2>Access token claims</h2><pre>").append(esc(access)).append("</pre>");
        }
        send(ex, 200, page("Twofold demo application", body.toString()));
    }

    /**
     * "Security settings": the user's second factors through Twofold's app API, called with the
     * user's access token (server side here; a single-page app would call it from the browser).
     */
    private static void security(HttpExchange ex, Map<String, String> query) throws Exception {
        String[] s = session(ex);
        if (s == null) {
            redirect(ex, base + "/");
            return;
        }
        String token = s[3];
        StringBuilder body = new StringBuilder();
        if ("POST".equals(ex.getRequestMethod())) {
            Map<String, String> form = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            HttpResponse<String> r = switch (form.getOrDefault("do", "")) {
                case "totp" -> api("POST", "totp", token, "");
                case "confirm" -> api("POST", "totp/confirm", token, "{\"enrollment\":\"" + json(form.get("enrollment")) + "\",\"code\":\""
                        + json(form.get("code")) + "\",\"label\":\"Demo app\"}");
                case "backup" -> api("POST", "backup-codes", token, "");
                case "remove" -> api("DELETE", "factors/" + URLEncoder.encode(form.getOrDefault("id", ""), StandardCharsets.UTF_8), token, null);
                default -> null;
            };
            if (r != null && r.statusCode() >= 400) {
                body.append("<p class=\"err\">").append(esc(field(r.body(), "detail"))).append("</p>");
                if (r.body().contains("fresh-second-factor-required")) {
                    body.append("<p><a class=\"btn\" href=\"/login?acr=2&fresh=1\">Confirm it is you (sign in again with a second factor)</a></p>");
                }
            } else if (r != null && r.body().contains("otpauthUri")) {
                body.append("<h2>Scan this code with your authenticator app</h2><p><img alt=\"QR code\" src=\"").append(esc(field(r.body(), "qrPng")))
                    .append("\" width=\"200\" height=\"200\"></p><p>Or type this key: <code>").append(esc(field(r.body(), "secret"))).append("</code></p>")
                    .append("<form method=\"post\"><input type=\"hidden\" name=\"do\" value=\"confirm\"><input type=\"hidden\" name=\"enrollment\" value=\"")
                    .append(esc(field(r.body(), "enrollment"))).append("\"><label>Code from the app <input name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" required></label> ")
                    .append("<button class=\"btn\">Confirm</button></form>");
            } else if (r != null && r.body().contains("\"codes\"")) {
                body.append("<h2>Your new backup codes</h2><p>Shown this once: save them now.</p><pre>")
                    .append(esc(r.body().replaceAll(".*\\[|\\].*", "").replace("\",\"", "\n").replace("\"", ""))).append("</pre>");
            } else if (r != null) {
                body.append("<p class=\"ok\">Done.</p>");
            }
        }
        HttpResponse<String> status = api("GET", "factors", token, null);
        if (status.statusCode() != 200) {
            body.append("<p class=\"err\">").append(esc(field(status.body(), "detail"))).append("</p>");
        } else {
            body.append("<table><tr><th>Second factor</th><th>Label</th><th></th></tr>");
            Matcher f = Pattern.compile("\\{\"id\":\"([^\"]+)\",\"kind\":\"([^\"]+)\",\"type\":\"[^\"]*\",\"label\":(?:null|\"([^\"]*)\")").matcher(status.body());
            while (f.find()) {
                body.append("<tr><td>").append(esc(f.group(2))).append("</td><td>").append(esc(f.group(3))).append("</td><td>")
                    .append("<form method=\"post\"><input type=\"hidden\" name=\"do\" value=\"remove\"><input type=\"hidden\" name=\"id\" value=\"")
                    .append(esc(f.group(1))).append("\"><button class=\"btn\">Remove</button></form></td></tr>");
            }
            body.append("</table><p>Backup codes left: ").append(esc(status.body().replaceAll(".*\"backupCodesLeft\":(\\d+).*", "$1"))).append("</p>")
                .append("<form method=\"post\" style=\"display:inline\"><input type=\"hidden\" name=\"do\" value=\"totp\"><button class=\"btn\">Set up an authenticator app</button></form> ")
                .append("<form method=\"post\" style=\"display:inline\"><input type=\"hidden\" name=\"do\" value=\"backup\"><button class=\"btn\">New backup codes</button></form>");
        }
        body.append("<p><a href=\"/\">Back</a></p>");
        send(ex, 200, page("Security settings", body.toString()));
    }

    private static HttpResponse<String> api(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realmUrl + "/twofold/account/" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10));
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String json(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9 -]", "");
    }

    // ---- helpers

    private static String[] session(HttpExchange ex) {
        String id = cookie(ex);
        return id == null ? null : SESSIONS.get(id);
    }

    private static String cookie(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith("demo_session=")) {
                return p.substring("demo_session=".length());
            }
        }
        return null;
    }

    private static String payload(String jwt) {
        String[] parts = jwt.split("\\.");
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(",\"", ",\n  \"").replace("{\"", "{\n  \"").replaceAll("}$", "\n}");
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static String claim(String json, String name) {
        String v = field(json, name);
        return v.isEmpty() ? "(none)" : v;
    }

    private static String rawClaim(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\[[^\\]]*\\]|\"[^\"]*\")").matcher(json);
        return m.find() ? m.group(1) : "(none)";
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#151515}"
                + "pre{background:#f5f5f5;padding:1rem;overflow:auto}th{text-align:left;padding-right:1rem}"
                + ".btn{display:inline-block;background:#0066cc;color:#fff;padding:.5rem 1rem;border-radius:4px;text-decoration:none;margin:.25rem 0;border:0;font:inherit;cursor:pointer}"
                + ".err{background:#faeae8;border-left:4px solid #c9190b;padding:.5rem 1rem}.ok{background:#f3faf2;border-left:4px solid #3e8635;padding:.5rem 1rem}"
                + "td{padding:.25rem 1rem .25rem 0}td form{margin:0}"
                + "</style></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void send(HttpExchange ex, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
