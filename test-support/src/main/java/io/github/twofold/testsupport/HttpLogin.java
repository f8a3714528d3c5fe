package io.github.twofold.testsupport;

import java.lang.ref.Reference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser without JavaScript for the login pages: keeps cookies, follows redirects, submits
 * forms with their hidden fields. Cheap enough for 50 parallel logins; Chromium is used where a
 * person's view matters.
 */
public final class HttpLogin {

    private final HttpClient http;
    private final String stopAt;

    /** Cookies by name: one host, and Keycloak's Secure cookies must flow over http://localhost as in a browser. */
    private final Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The same cookies by their Path, where the server scoped them to one realm ({@code /realms/x/}):
     * a sign-in that passes through a second realm (identity brokering) holds an AUTH_SESSION_ID in
     * each, and a request carries the one of its own realm, as a browser's does.
     */
    private final Map<String, Map<String, String>> byPath = new java.util.concurrent.ConcurrentHashMap<>();
    /** A Set-Cookie's Path when it is one realm's; compiled once, as every response of the benchmark's thousands of sign-ins is read. */
    private static final java.util.regex.Pattern REALM_PATH = java.util.regex.Pattern.compile("(?i);\\s*path=(/realms/[^/;]+/?)");

    /** Extra headers sent with every request (e.g. a forged X-Forwarded-For). */
    private final Map<String, String> headers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Told of a request that has had no answer for {@link #STALL_AFTER}; returns where it recorded what the processes were doing, or null. */
    @FunctionalInterface
    public interface StallObserver {
        java.nio.file.Path stalled(String request);
    }

    private final StallObserver stalls;

    /** @param stopAt redirects to URLs starting with this (the application's callback) are not followed */
    public HttpLogin(String stopAt) {
        this(stopAt, request -> null);
    }

    /** As {@link #HttpLogin(String)}, telling {@code stalls} of every request that goes unanswered for {@link #STALL_AFTER}. */
    public HttpLogin(String stopAt, StallObserver stalls) {
        this.stopAt = stopAt;
        this.stalls = stalls;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A page the server answered with, after redirects. */
    public record Page(String url, int status, String body) {
        public Document document() {
            return Jsoup.parse(body, url);
        }

        public boolean isCallback(String redirectUri) {
            return url.startsWith(redirectUri);
        }

        /** Text of Keycloak's alert / field error, if any. */
        public String errorText() {
            Document doc = document();
            StringBuilder text = new StringBuilder();
            for (Element e : doc.select(".pf-v5-c-alert__title, .kc-feedback-text, #input-error, .pf-m-error, [id^=input-error]")) {
                text.append(e.text()).append(' ');
            }
            return text.toString().trim();
        }

        public Element form(String idOrNull) {
            Document doc = document();
            Element form = idOrNull == null ? doc.selectFirst("form") : doc.getElementById(idOrNull);
            if (form == null) {
                throw new AssertionError("no form " + (idOrNull == null ? "" : "#" + idOrNull) + " on " + url + " (HTTP " + status + "):\n" + Json.abbreviate(doc.text()));
            }
            return form;
        }

        public String title() {
            return document().title();
        }
    }

    /** The value of a cookie this client holds, if any. */
    public java.util.Optional<String> cookie(String name) {
        return java.util.Optional.ofNullable(cookies.get(name));
    }

    /** Sets a cookie as if the server had (e.g. one copied from another browser). */
    public HttpLogin cookie(String name, String value) {
        cookies.put(name, value);
        byPath.values().forEach(scoped -> scoped.remove(name));
        return this;
    }

    /** Forgets every cookie but those named: the sign-in session ends, what the browser keeps stays. */
    public HttpLogin forgetCookiesExcept(String... keep) {
        java.util.Set<String> kept = java.util.Set.of(keep);
        cookies.keySet().removeIf(name -> !kept.contains(name));
        byPath.values().forEach(scoped -> scoped.keySet().removeIf(name -> !kept.contains(name)));
        return this;
    }

    /** Sends this header with every following request. */
    public HttpLogin header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Page open(String url) {
        return follow(request(URI.create(url)).GET().build());
    }

    /** Submits a form of the page (by id, or the first form) with its hidden fields plus {@code fields}. */
    public Page submit(Page page, String formId, Map<String, String> fields) {
        Element form = page.form(formId);
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type");
            if (type.equals("submit") || type.equals("checkbox") && !input.hasAttr("checked")) {
                continue;
            }
            values.put(input.attr("name"), input.attr("value"));
        }
        values.putAll(fields);
        String action = form.absUrl("action");
        return postForm(action, values);
    }

    /**
     * As {@link #submit}, but sent to another server with the same path (a cluster node): the
     * form's action is rebased onto {@code baseUrl}.
     */
    public Page submitVia(String baseUrl, Page page, String formId, Map<String, String> fields) {
        String rebased = rebase(page, baseUrl);
        return submit(new Page(rebased, page.status(), page.body().replace(origin(page.url()), baseUrl)), formId, fields);
    }

    /** The URL of {@code page} on another server. */
    public static String rebase(Page page, String baseUrl) {
        return baseUrl + page.url().substring(origin(page.url()).length());
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    public Page postForm(String action, Map<String, String> values) {
        return follow(request(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(OidcClient.form(values))).build());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept-Language", "en");
        headers.forEach(builder::header);
        if (!cookies.isEmpty()) {
            Map<String, String> sent = new LinkedHashMap<>(cookies);
            String path = uri.getPath() == null ? "/" : uri.getPath();
            byPath.entrySet().stream().filter(scope -> path.startsWith(scope.getKey()))
                    .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(String::length)))
                    .forEach(scope -> sent.putAll(scope.getValue()));
            StringBuilder header = new StringBuilder();
            sent.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
            builder.header("Cookie", header.toString());
        }
        return builder;
    }

    private void remember(HttpResponse<?> response) {
        remember(response.headers());
    }

    /** Keeps the cookies another client's response set (e.g. the admin API's impersonation), as a browser would. */
    public HttpLogin remember(java.net.http.HttpHeaders headers) {
        for (String setCookie : headers.allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            boolean expired = setCookie.toLowerCase().contains("max-age=0") || value.isEmpty();
            java.util.regex.Matcher realmPath = REALM_PATH.matcher(setCookie);
            String path = realmPath.find() ? realmPath.group(1) : null;
            if (expired) {
                cookies.remove(name);
                Map<String, String> scoped = path == null ? null : byPath.get(path);
                if (scoped != null) {
                    scoped.remove(name);
                }
            } else {
                cookies.put(name, value);
                if (path != null) {
                    byPath.computeIfAbsent(path, k -> new java.util.concurrent.ConcurrentHashMap<>()).put(name, value);
                }
            }
        }
        return this;
    }

    private Page follow(HttpRequest first) {
        HttpRequest request = first;
        for (int hops = 0; hops < 20; hops++) {
            HttpResponse<String> response = send(request);
            remember(response);
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            if (status / 100 == 3 && location != null) {
                URI next = request.uri().resolve(location);
                if (next.toString().startsWith(stopAt)) {
                    return new Page(next.toString(), status, "");
                }
                request = request(next).GET().build();
                continue;
            }
            return new Page(request.uri().toString(), status, response.body());
        }
        throw new AssertionError("too many redirects from " + first.uri());
    }

    /** How long a request may go without an answer before the harness records what every process was doing. */
    public static final Duration STALL_AFTER = Duration.ofSeconds(8);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(65);

    /**
     * Sends one request and waits at most {@link #ANSWER_WITHIN} for the whole answer, whatever the
     * client does. A request without an answer after {@link #STALL_AFTER} is a stall: thread dumps
     * are taken then (by the {@link StallObserver}); it is never sent again,
     * and one that gets no answer at all fails the test with where the dumps are.
     */
    private HttpResponse<String> send(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            try {
                return answer.get(STALL_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                java.nio.file.Path dumps = stalls.stalled(request.method() + " " + request.uri());
                System.err.println("[http] no answer within " + STALL_AFTER.toSeconds() + " s: " + request.method() + " " + request.uri()
                        + (dumps == null ? "" : "; thread dumps in " + dumps));
                try {
                    return answer.get(ANSWER_WITHIN.minus(STALL_AFTER).toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stalled) {
                    answer.cancel(true);
                    throw new IllegalStateException("no answer from " + request.method() + " " + request.uri() + " within "
                            + ANSWER_WITHIN.toSeconds() + " s" + (dumps == null ? "" : "; thread dumps taken after " + STALL_AFTER.toSeconds() + " s: " + dumps));
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            // the client stops its selector once it is collected; keep it until the answer is in
            Reference.reachabilityFence(http);
        }
    }
}
