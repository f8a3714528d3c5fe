package io.github.twofold.it.harness;

import io.github.twofold.testsupport.HttpLogin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Many logins of one user, each brought past its password one after the other (Keycloak refuses
 * parallel password logins of one user), then all submitting a form at the same moment: the shape
 * of CVE-2024-4629 and of every single-use race.
 */
public final class Burst {

    private Burst() {
    }

    /**
     * @param env     the run's environment (cookie jars)
     * @param logins  how many logins
     * @param openAt  the authorization URL for login {@code i} (a cluster test alternates nodes)
     * @param user    the user
     * @param formId  the form each login submits after the password
     * @param fields  the fields login {@code i} submits
     * @param sendTo  the base URL login {@code i} submits to (its own server, or another node)
     * @return the page each login got, in order
     */
    public static List<HttpLogin.Page> atOnce(TestEnvironment env, int logins, IntFunction<String> openAt, TestUser user, String formId,
                                              IntFunction<Map<String, String>> fields, IntFunction<String> sendTo) {
        List<Callable<HttpLogin.Page>> submits = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            HttpLogin login = env.httpLogin();
            HttpLogin.Page form = LoginPages.password(login, login.open(openAt.apply(i)), user);
            Map<String, String> values = fields.apply(i);
            String base = sendTo.apply(i);
            submits.add(() -> login.submitVia(base, form, formId, values));
        }
        return atTheSameMoment(submits);
    }

    /**
     * Many users at the password step at the same moment: each login page is opened first (login
     * {@code i} at {@code openAt(i)}, so a cluster test alternates nodes), then every password is
     * submitted at once.
     *
     * @return the page each login got after its password, in the users' order
     */
    public static List<HttpLogin.Page> passwordsAtOnce(TestEnvironment env, List<TestUser> users, IntFunction<String> openAt) {
        List<Callable<HttpLogin.Page>> submits = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            HttpLogin login = env.httpLogin();
            HttpLogin.Page form = login.open(openAt.apply(i));
            TestUser user = users.get(i);
            submits.add(() -> LoginPages.password(login, form, user));
        }
        return atTheSameMoment(submits);
    }

    /** The same request {@code times} times, all released at once (e.g. one form posted in parallel); the pages in order. */
    public static List<HttpLogin.Page> repeated(int times, Callable<HttpLogin.Page> request) {
        return atTheSameMoment(java.util.Collections.nCopies(times, request));
    }

    /** Runs the requests on threads of their own, all released at once; their pages in order. */
    private static List<HttpLogin.Page> atTheSameMoment(List<Callable<HttpLogin.Page>> requests) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(requests.size(), 50));
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpLogin.Page>> results = new ArrayList<>();
            for (Callable<HttpLogin.Page> request : requests) {
                results.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<HttpLogin.Page> pages = new ArrayList<>();
            for (Future<HttpLogin.Page> f : results) {
                pages.add(f.get());
            }
            return pages;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a request of the burst failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pages that show the "backup codes left" notice: logins that got in with a backup code. */
    public static long signedInWithBackupCode(List<HttpLogin.Page> pages) {
        return pages.stream().filter(p -> p.document().text().contains("backup codes left")).count();
    }
}
