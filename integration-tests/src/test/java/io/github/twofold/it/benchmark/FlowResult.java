package io.github.twofold.it.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What one flow did over the measured rounds. */
final class FlowResult {

    static final String[] STEPS = {"open", "password", "second", "notice", "token"};

    final BenchFlow flow;
    final Samples login = new Samples();
    final Map<String, Samples> steps = new LinkedHashMap<>();
    /** The Twilio stub's own round trip during this flow's rounds (SMS flows only). */
    final Samples stubRoundTrip = new Samples();
    /** Every login that completed, in the phases and in their ends (for the per-login costs). */
    final AtomicLong logins = new AtomicLong();
    /** The logins that completed inside a phase's steady part (for the throughput). */
    final AtomicLong steadyLogins = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicReference<String> firstFailure = new AtomicReference<>();
    /** The phases' steady parts: from the end of the settling to the phase's deadline. */
    long steadyNanos;
    long serverCpuNanos = -1;
    /** Server CPU by thread kind ({@link ServerCpu#THREADS}), over the measured rounds. */
    final Map<String, Long> serverCpuByThread = new LinkedHashMap<>();
    long generatorCpuNanos;
    boolean poolRanOut;

    FlowResult(BenchFlow flow) {
        this.flow = flow;
        for (String step : STEPS) {
            steps.put(step, new Samples());
        }
    }

    /**
     * Logins completed per second of the phases' steady parts. The logins still under way at a
     * deadline finish (their costs count) but not in the throughput, and neither does the settling
     * at a phase's start, so a flow with longer logins is not charged more for a phase's two ends.
     */
    double loginsPerSecond() {
        return steadyNanos == 0 ? 0 : steadyLogins.get() / (steadyNanos / 1e9);
    }

    /** Whether any login ended in a steady part: without one the rate above is no measurement. */
    boolean rateMeasured() {
        return steadyLogins.get() > 0;
    }

    /** Server CPU milliseconds per login, NaN when not measured. */
    double serverCpuMillisPerLogin() {
        return serverCpuNanos < 0 || logins.get() == 0 ? Double.NaN : serverCpuNanos / 1e6 / logins.get();
    }

    /** Server CPU milliseconds per login spent by one kind of thread. */
    double serverCpuMillisPerLogin(String threads) {
        return logins.get() == 0 ? Double.NaN : serverCpuByThread.getOrDefault(threads, 0L) / 1e6 / logins.get();
    }

    void failed(Throwable e) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
}
