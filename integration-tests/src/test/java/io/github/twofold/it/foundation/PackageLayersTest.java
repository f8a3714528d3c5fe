package io.github.twofold.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of the JAR depend one way: a package uses only packages of its own layer or of the
 * layers below it, and no packages depend on each other in a circle. The layers, bottom first, are
 * the map docs/architecture.md draws; a new package must be placed in one. Read from the built JAR's
 * bytecode with the JDK's own jdeps, so an import, a constant or a signature counts alike.
 */
class PackageLayersTest {

    private static final String ROOT = "io.github.twofold.";
    /** Libraries the build relocated into the JAR: not Twofold's code. */
    private static final String SHADED = ROOT + "shaded.";

    /** Bottom first; a name covers its sub-packages ("sms" is also "sms.twilio"). */
    private static final List<List<String>> LAYERS = List.of(
            List.of("code", "compat", "geo", "http", "store"), // building blocks: codes, versions, where an address is, request details, the counter tables
            List.of("policy"),                             // a realm's settings and Twofold's required actions
            List.of("phone"),                              // phone numbers: parse, check, mask
            List.of("credential"),                         // the factors a user holds, what each kind is
            List.of("limit"),                              // budgets, attempts, locks
            List.of("emergency"),                          // emergency grants and who may give them
            List.of("audit"),                              // Twofold's event vocabulary
            List.of("integrity"),                          // what this sign-in verified, and its level
            List.of("email", "enrollment", "recovery", "report", "setup", "sms", "trust"), // use cases: e-mail a code, recover a lost factor, set up a phone, "this wasn't me", add Twofold to a realm, send a code, trust a browser
            List.of("notify", "request"),                  // security e-mails; one request's services (TwofoldRequest)
            List.of("signin"),                             // the rules every completed sign-in must pass (SignInGuard) and the refusals without them
            List.of("web", "authenticator", "action", "events")); // the doors: pages, steps, required actions, REST, listeners

    private static Map<String, Set<String>> uses;

    @BeforeAll
    static void readTheJar() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out),
                "-verbose:class", "-filter:none", "-e", "io\\.github\\.twofold\\..*", ProviderJar.path().toString());
        assertThat(exit).as(out.toString()).isZero();
        Pattern edge = Pattern.compile("^\\s*(io\\.github\\.twofold\\.\\S+)\\s+->\\s+(io\\.github\\.twofold\\.\\S+)\\s", Pattern.MULTILINE);
        Matcher m = edge.matcher(out.toString());
        uses = new TreeMap<>();
        while (m.find()) {
            if (m.group(1).startsWith(SHADED) || m.group(2).startsWith(SHADED)) {
                continue;
            }
            uses.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
        }
        assertThat(uses).as("class dependencies read from the JAR").hasSizeGreaterThan(100);
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> unplaced = new TreeSet<>();
        for (String cls : uses.keySet()) {
            if (layer(pkg(cls)) < 0) {
                unplaced.add(pkg(cls));
            }
        }
        assertThat(unplaced).as("packages that no layer names: place each in PackageLayersTest.LAYERS and docs/architecture.md").isEmpty();
    }

    @Test
    void noPackageUsesALayerAboveIt() {
        List<String> upward = new ArrayList<>();
        uses.forEach((from, targets) -> {
            for (String to : targets) {
                if (layer(pkg(to)) > layer(pkg(from))) {
                    upward.add(from.substring(ROOT.length()) + " -> " + to.substring(ROOT.length()));
                }
            }
        });
        assertThat(upward).as("classes that use a layer above their own").isEmpty();
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        Map<String, Set<String>> packages = new TreeMap<>();
        uses.forEach((from, targets) -> targets.stream().map(PackageLayersTest::pkg).filter(p -> !p.equals(pkg(from)))
                .forEach(p -> packages.computeIfAbsent(pkg(from), k -> new TreeSet<>()).add(p)));
        assertThat(packages).as("package dependencies").isNotEmpty();
        List<String> circles = new ArrayList<>();
        for (String start : packages.keySet()) {
            List<String> path = circleBack(start, start, packages, new ArrayList<>(), new TreeSet<>());
            if (path != null) {
                circles.add(String.join(" -> ", path));
            }
        }
        assertThat(circles).isEmpty();
    }

    /** A path from {@code at} back to {@code start}, or null. */
    private static List<String> circleBack(String start, String at, Map<String, Set<String>> packages, List<String> path, Set<String> seen) {
        path.add(at.substring(ROOT.length()));
        for (String next : packages.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                path.add(next.substring(ROOT.length()));
                return path;
            }
            if (seen.add(next)) {
                List<String> found = circleBack(start, next, packages, path, seen);
                if (found != null) {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        return null;
    }

    private static String pkg(String cls) {
        return cls.substring(0, cls.lastIndexOf('.'));
    }

    private static int layer(String pkg) {
        String name = pkg.substring(ROOT.length());
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String covered : LAYERS.get(i)) {
                if (name.equals(covered) || name.startsWith(covered + ".")) {
                    return i;
                }
            }
        }
        return -1;
    }
}
