package io.github.twofold.benchmark;

import io.github.twofold.policy.TwofoldPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What asking for a realm's policy costs: reading its stored settings anew (every setting parsed
 * and checked, as each step of a sign-in did before) against the policy read once for those
 * settings. A sign-in asks about ten times.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PolicyReadBenchmark {

    private ComponentModel component;

    @Setup
    public void setUp() {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        // the demo realm's kind of policy: a dozen settings away from their defaults
        Map.ofEntries(Map.entry("secondFactorRequiredFor", "groups"), Map.entry("secondFactorRequiredGroups", "/2fa-required"),
                Map.entry("secondFactorGraceLogins", "3"), Map.entry("phoneAllowedRegions", "DE,AT,CH,FR,NL,GB,US"),
                Map.entry("smsPerUserPerHour", "5"), Map.entry("smsPerRealmPerDay", "5000"), Map.entry("trustedBrowserDays", "30"),
                Map.entry("setUpMethods", "passkey,app,sms"), Map.entry("phishingResistantGroups", "/admins"),
                Map.entry("appApiClients", "demo-app"), Map.entry("securityEmails", "true"), Map.entry("smsEnrollmentUntil", "2027-06-30"))
                .forEach((key, value) -> config.put(key, List.of(value)));
        component = new ComponentModel();
        component.setConfig(config);
    }

    @Benchmark
    public TwofoldPolicy readAnew() {
        return TwofoldPolicy.read(component.getConfig());
    }

    @Benchmark
    public TwofoldPolicy readOnce() {
        return TwofoldPolicy.of(component);
    }
}
