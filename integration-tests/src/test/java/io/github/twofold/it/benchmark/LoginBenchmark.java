package io.github.twofold.it.benchmark;

import io.github.twofold.testsupport.HttpLogin;
import io.github.twofold.testsupport.HttpLogin.Page;
import io.github.twofold.it.harness.LoginPages;
import io.github.twofold.testsupport.OidcClient;
import io.github.twofold.it.harness.TestEnvironment;
import io.github.twofold.it.harness.TwilioStub;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Full browser-flow logins over HTTP against the one test Keycloak, flow by flow: every flow runs
 * in its own realm, the flows take turns in many short rounds (a different order each round) so
 * that drift on a noisy machine hits them alike, and each login ends with the token exchange.
 */
final class LoginBenchmark {

    /** The webhook endpoint answers after this: five times the sink's timeout in the test server, so every delivery times out. */
    static final Duration WEBHOOK_HANG = Duration.ofSeconds(5);
    /** A Twilio answer after this is far past the gateway timeout ({@link TestEnvironment#GATEWAY_TIMEOUT_MS}). */
    static final Duration GATEWAY_HANG = Duration.ofSeconds(5);

    private final TestEnvironment env;
    private final BenchmarkSettings settings;
    private final Consumer<String> progress;
    private final ServerCpu serverCpu;

    private record Prepared(BenchFlow flow, String realm, OidcClient oidc, UserPool pool) {
    }

    /** The user-visible wait of "password, then the SMS page" while Twilio hangs: one entry per login. */
    record HangingGateway(List<Double> secondsToSmsPage, int gatewayTimeoutMs, boolean codeArrived) {
    }

    record Result(BenchmarkSettings settings, List<FlowResult> flows, HangingGateway hangingGateway, boolean serverCpuMeasured) {
    }

    LoginBenchmark(TestEnvironment env, BenchmarkSettings settings, Consumer<String> progress) {
        this.env = env;
        this.settings = settings;
        this.progress = progress;
        this.serverCpu = new ServerCpu(env.server().processGroup());
    }

    Result run() throws Exception {
        Accounts accounts = new Accounts(env, settings.pbkdf2Passwords());
        List<Prepared> prepared = prepare(accounts, BenchFlow.selected(settings.flows()));
        if (!settings.warmUp().isZero()) {
            for (Prepared p : prepared) {
                progress.accept("warming up " + p.flow().key());
                runPhase(p, settings.warmUp(), new FlowResult(p.flow()));
            }
        }
        Map<BenchFlow, FlowResult> results = new LinkedHashMap<>();
        prepared.forEach(p -> results.put(p.flow(), new FlowResult(p.flow())));
        for (int round = 0; round < settings.rounds(); round++) {
            for (int i = 0; i < prepared.size(); i++) {
                Prepared p = prepared.get((i + round * 3) % prepared.size());
                FlowResult result = results.get(p.flow());
                long before = result.steadyLogins.get();
                long loginsBefore = result.logins.get();
                long startedAt = System.currentTimeMillis();
                runPhase(p, settings.phase(), result);
                // the turn's wall-clock window and all its logins: to line a flight recording of the server up with the flows
                progress.accept(String.format("round %d/%d %-20s %7.1f logins/s, %7.1f so far, %d failed; turn %d-%d ms, %d logins", round + 1,
                        settings.rounds(), p.flow().key(), (result.steadyLogins.get() - before) / (settings.steady().toNanos() / 1e9),
                        result.loginsPerSecond(), result.failures.get(), startedAt, System.currentTimeMillis(), result.logins.get() - loginsBefore));
            }
        }
        HangingGateway hanging = prepared.stream().filter(p -> p.flow().key().equals("twofold-sms")).findFirst()
                .map(sms -> hangingGateway(accounts, sms)).orElse(null);
        return new Result(settings, new ArrayList<>(results.values()), hanging, serverCpu.available());
    }

    /**
     * The flows' realms and accounts, two flows at a time (the server creates a realm and imports
     * its accounts mostly on one core), in the flows' order. Before any measurement.
     */
    private List<Prepared> prepare(Accounts accounts, List<BenchFlow> flows) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Prepared>> preparing = new ArrayList<>();
            for (BenchFlow flow : flows) {
                preparing.add(pool.submit(() -> prepare(accounts, flow)));
            }
            List<Prepared> prepared = new ArrayList<>();
            for (Future<Prepared> flow : preparing) {
                try {
                    prepared.add(flow.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return prepared;
        } finally {
            pool.shutdownNow();
        }
    }

    private Prepared prepare(Accounts accounts, BenchFlow flow) {
        long started = System.nanoTime();
        String realm = BenchRealm.create(env.admin(), flow.key(), flow.step().authenticator, flow.listeners(), settings.passwordPolicy());
        int count = settings.maxLoginsPerFlow();
        Prepared prepared = new Prepared(flow, realm, env.oidc(realm), accounts.create(flow, realm, count));
        progress.accept(String.format("prepared %-20s %5d accounts in %.1f s", flow.key(), count, (System.nanoTime() - started) / 1e9));
        return prepared;
    }

    private static final Duration STUB_PROBE_EVERY = Duration.ofSeconds(2);

    private void runPhase(Prepared p, Duration length, FlowResult result) throws Exception {
        TwilioStub.Behaviour hang = p.flow().webhookHangs() ? env.sms().webhookHangs(WEBHOOK_HANG) : null;
        long cpuBefore = serverCpu.nanos();
        Map<String, ServerCpu.ThreadCpu> threadsBefore = serverCpu.threads();
        long generatorBefore = generatorCpu();
        long started = System.nanoTime();
        long deadline = started + length.toNanos();
        Steady steady = new Steady(deadline - settings.steady().toNanos(), deadline);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            if (p.flow().step() == SecondStep.TWOFOLD_SMS) {
                // what the SMS step may cost on top of OTP's password step: the gateway's round trip, here the stub's
                tasks.add(() -> {
                    while (System.nanoTime() < deadline) {
                        result.stubRoundTrip.add(env.sms().twilioRoundTripNanos());
                        // no longer than the phase: a probe's sleep past the deadline would lengthen the SMS flow's turns
                        TimeUnit.NANOSECONDS.sleep(Math.min(STUB_PROBE_EVERY.toNanos(), deadline - System.nanoTime()));
                    }
                    return null;
                });
            }
            tasks.addAll(virtualUsers(p, steady, result));
            runAll(tasks);
        } finally {
            if (hang != null) {
                env.sms().undo(hang);
            }
        }
        result.steadyNanos += deadline - steady.from();
        long cpuAfter = serverCpu.nanos();
        ServerCpu.split(threadsBefore, serverCpu.threads(), cpuAfter - cpuBefore)
                .forEach((kind, nanos) -> result.serverCpuByThread.merge(kind, nanos, Long::sum));
        result.serverCpuNanos = cpuBefore < 0 || cpuAfter < 0 ? -1 : Math.max(0, result.serverCpuNanos) + cpuAfter - cpuBefore;
        result.generatorCpuNanos += generatorCpu() - generatorBefore;
        result.poolRanOut |= p.pool().ranOut();
    }

    /** The part of a phase whose completed logins count in the throughput. */
    private record Steady(long from, long to) {
        boolean holds(long nanos) {
            return nanos >= from && nanos < to;
        }
    }

    /** Runs the tasks, each on its own thread, until all are done. */
    private static void runAll(List<Callable<Void>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                running.add(threads.submit(task));
            }
            for (Future<Void> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The flow's virtual users for one phase. */
    private List<Callable<Void>> virtualUsers(Prepared p, Steady steady, FlowResult result) {
        List<Callable<Void>> users = new ArrayList<>();
        for (int i = 0; i < settings.virtualUsers(); i++) {
            users.add(() -> {
                virtualUser(p, steady, result);
                return null;
            });
        }
        return users;
    }

    private void virtualUser(Prepared p, Steady steady, FlowResult result) {
        while (System.nanoTime() < steady.to()) {
            BenchUser user = p.pool().next();
            if (user == null) {
                return;
            }
            try {
                login(p, user, result, steady);
            } catch (RuntimeException | AssertionError e) {
                result.failed(e);
            }
        }
    }

    private void login(Prepared p, BenchUser user, FlowResult result, Steady steady) {
        HttpLogin login = env.httpLogin();
        if (user.trustCookie != null) {
            login.cookie(TrustedBrowsers.COOKIE, user.trustCookie);
        }
        OidcClient.AuthRequest request = p.oidc().authRequest();
        long start = System.nanoTime();
        long t = start;
        Page page = login.open(request.url());
        t = lap(result, "open", t);
        page = login.submit(page, LoginPages.PASSWORD_FORM, Map.of("username", user.username, "password", user.password));
        t = lap(result, "password", t);
        if (p.flow().step().interactive()) {
            page = p.flow().step().answer(login, page, user, env.sms());
            t = lap(result, "second", t);
            Page next = SecondStep.afterAnswer(login, page);
            if (next != null) {
                page = next;
                t = lap(result, "notice", t);
            }
        }
        if (!page.isCallback(p.oidc().redirectUri())) {
            throw new AssertionError("not back at the application: " + page.title() + " " + page.errorText());
        }
        request.exchange(page.url());
        long end = lap(result, "token", t);
        result.login.add(end - start);
        result.logins.incrementAndGet();
        if (steady.holds(end)) {
            result.steadyLogins.incrementAndGet();
        }
    }

    private static long lap(FlowResult result, String step, long since) {
        long now = System.nanoTime();
        result.steps.get(step).add(now - since);
        return now;
    }

    /**
     * Three logins of an account whose number Twilio never answers in time: the page after the
     * password (the SMS page, reached through the failover gateway) takes about the gateway timeout.
     */
    private HangingGateway hangingGateway(Accounts accounts, Prepared sms) {
        BenchUser user = accounts.create(sms.flow(), sms.realm(), 1).next();
        env.sms().twilioHangs(user.phone, GATEWAY_HANG);
        List<Double> seconds = new ArrayList<>();
        boolean arrived = true;
        int times = settings.full() ? 3 : 1; // the smoke proves the failover once; the measurement repeats it
        for (int i = 0; i < times; i++) { // the same account again: SMS accounts may log in again
            HttpLogin login = env.httpLogin();
            OidcClient.AuthRequest request = sms.oidc().authRequest();
            Page page = login.open(request.url());
            long start = System.nanoTime();
            page = login.submit(page, LoginPages.PASSWORD_FORM, Map.of("username", user.username, "password", user.password));
            seconds.add((System.nanoTime() - start) / 1e9);
            page = LoginPages.code(login, page, env.sms().lastMessageTo(user.phone).code()); // the failover gateway's message
            arrived &= page.isCallback(sms.oidc().redirectUri());
        }
        return new HangingGateway(seconds, TestEnvironment.GATEWAY_TIMEOUT_MS, arrived);
    }

    private static long generatorCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
