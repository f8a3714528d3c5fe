package io.github.twofold.it.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The benchmark's tables (Markdown) and the throughput plot (PNG). */
final class BenchmarkReport {

    private static final String BASELINE = "keycloak-otp";

    private final LoginBenchmark.Result result;

    BenchmarkReport(LoginBenchmark.Result result) {
        this.result = result;
    }

    /** A flow of this run, or null when it was not selected. */
    private FlowResult flow(String key) {
        return result.flows().stream().filter(f -> f.flow.key().equals(key)).findFirst().orElse(null);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        BenchmarkSettings s = result.settings();
        md.append(String.format(Locale.ROOT, "%d virtual users, %d round(s) of %d s per flow (logins/s counted after the first %.1f s of each) after %d s warm-up; %s.%n%n",
                s.virtualUsers(), s.rounds(), s.phase().toSeconds(), s.settle().toMillis() / 1000.0, s.warmUp().toSeconds(),
                result.serverCpuMeasured() ? "server CPU from /proc" : "server CPU not measured on this OS"));
        if (s.passwordPolicy() != null) {
            md.append("Diagnostic run, not the measurement: passwords hashed as `" + s.passwordPolicy() + "`, not with Keycloak's Argon2.\n\n");
        }
        FlowResult baseline = flow(BASELINE);
        FlowResult password = flow("password");
        md.append("| Flow | logins/s | x KC OTP | login p50 ms | p95 | p99 | server CPU ms/login | CPU over password | second step p50 ms | p95 | p99 | failed |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        boolean unmeasured = false;
        for (FlowResult f : result.flows()) {
            Samples second = f.steps.get("second");
            unmeasured |= !f.rateMeasured();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.0f | %.1f | %s | %s | %s | %s | %d |%n",
                    f.flow.label(), rate(f), ratio(f, baseline),
                    f.login.percentileMillis(50), f.login.percentileMillis(95), f.login.percentileMillis(99),
                    f.serverCpuMillisPerLogin(), plus(password == null ? Double.NaN : f.serverCpuMillisPerLogin() - password.serverCpuMillisPerLogin()),
                    ms(second, 50), ms(second, 95), ms(second, 99), f.failures.get()));
        }
        if (unmeasured) {
            md.append(String.format(Locale.ROOT, "%n- in logins/s: none of the flow's logins ended in the counted part of a turn (from %.1f s after its start to its end),"
                    + " so no rate was measured (its logins and their times are in the other columns); the full run's turns are long enough.%n",
                    s.settle().toMillis() / 1000.0));
        }
        md.append("\nPer step, p50 / p95 ms (open = login page, password = password POST up to the next page, second = the code POST,"
                + " notice = Twofold's \"codes left\" page or a new set, token = code exchange):\n\n");
        md.append("| Flow |");
        for (String step : FlowResult.STEPS) {
            md.append(' ').append(step).append(" |");
        }
        md.append(" load generator CPU ms/login | accounts short |\n|---|---|---|---|---|---|---|---|\n");
        for (FlowResult f : result.flows()) {
            md.append("| ").append(f.flow.label()).append(" |");
            for (String step : FlowResult.STEPS) {
                Samples samples = f.steps.get(step);
                md.append(' ').append(samples.count() == 0 ? "-" : ms(samples, 50) + " / " + ms(samples, 95)).append(" |");
            }
            md.append(String.format(Locale.ROOT, " %.1f |", f.generatorCpuNanos / 1e6 / Math.max(1, f.logins.get())));
            md.append(' ').append(f.poolRanOut ? "yes: ran out, raise -Dtwofold.benchmark.maxRate" : "no").append(" |\n");
        }
        if (result.serverCpuMeasured()) {
            md.append("\nServer CPU ms/login by thread (requests = Keycloak's request threads, event loops = HTTP in and out,"
                    + " other = timers, caches, the JDK HTTP client's selectors, ended = threads that ended during a phase):\n\n| Flow |");
            ServerCpu.THREADS.forEach(t -> md.append(' ').append(t).append(" |"));
            md.append(" requests: of which in the kernel |");
            md.append("\n|---|").append("---|".repeat(ServerCpu.THREADS.size() + 1)).append('\n');
            for (FlowResult f : result.flows()) {
                md.append("| ").append(f.flow.label()).append(" |");
                ServerCpu.THREADS.forEach(t -> md.append(String.format(Locale.ROOT, " %.1f |", f.serverCpuMillisPerLogin(t))));
                md.append(String.format(Locale.ROOT, " %.1f |", f.serverCpuMillisPerLogin(ServerCpu.KERNEL)));
                md.append('\n');
            }
        }
        for (FlowResult f : result.flows()) {
            if (f.stubRoundTrip.count() > 0) {
                md.append(String.format(Locale.ROOT, "%n%s: the Twilio stub's own round trip (a probe every 2 s during the rounds) p50 / p95 %s / %s ms.%n",
                        f.flow.label(), ms(f.stubRoundTrip, 50), ms(f.stubRoundTrip, 95)));
            }
        }
        LoginBenchmark.HangingGateway hanging = result.hangingGateway();
        if (hanging != null) {
            md.append(String.format(Locale.ROOT, "%nTwilio not answering (gateway timeout %d ms, failover to the HTTP gateway): password to SMS page took %s s; %s.%n",
                    hanging.gatewayTimeoutMs(), hanging.secondsToSmsPage().stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(),
                    hanging.codeArrived() ? "every login completed with the code from the failover gateway" : "NOT every login completed"));
        }
        return md.toString();
    }

    /** Logins per second, or "-" when no login ended in a turn's steady part (a 0 would read as a measurement). */
    private static String rate(FlowResult f) {
        return f.rateMeasured() ? String.format(Locale.ROOT, "%.1f", f.loginsPerSecond()) : "-";
    }

    /** Logins per second over the baseline's, or "-" when either has no rate. */
    private static String ratio(FlowResult f, FlowResult baseline) {
        return baseline == null || !f.rateMeasured() || !baseline.rateMeasured() ? "-"
                : String.format(Locale.ROOT, "%.2f", f.loginsPerSecond() / baseline.loginsPerSecond());
    }

    private static String ms(Samples samples, double p) {
        return samples.count() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", samples.percentileMillis(p));
    }

    private static String plus(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f", v);
    }

    /** Horizontal bars: logins per second per flow, the Keycloak OTP line marked. */
    void plot(Path png) throws IOException {
        List<FlowResult> flows = result.flows();
        int rowHeight = 34;
        int left = 330;
        int width = 900;
        int height = 70 + rowHeight * flows.size() + 30;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Logins per second by flow (one Keycloak 26.7.3, " + result.settings().virtualUsers() + " virtual users)", 20, 30);
        double max = flows.stream().mapToDouble(FlowResult::loginsPerSecond).max().orElse(1) * 1.1;
        int barArea = width - left - 80;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < flows.size(); i++) {
            FlowResult f = flows.get(i);
            int y = 55 + i * rowHeight;
            int bar = (int) (barArea * f.loginsPerSecond() / max);
            boolean twofold = f.flow.step() == SecondStep.TWOFOLD_SMS || f.flow.step() == SecondStep.TWOFOLD_BACKUP_CODE;
            g.setColor(twofold ? new Color(0x2b6cb0) : new Color(0x9aa5b1));
            g.fillRect(left, y, Math.max(1, bar), rowHeight - 10);
            g.setColor(Color.BLACK);
            g.drawString(f.flow.label(), 12, y + 17);
            g.drawString(rate(f), left + bar + 6, y + 17);
        }
        FlowResult baseline = flow(BASELINE);
        if (baseline != null) {
            int x = left + (int) (barArea * baseline.loginsPerSecond() / max);
            g.setColor(new Color(0xc53030));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            g.drawLine(x, 45, x, height - 35);
            g.drawString("Keycloak OTP", x - 40, height - 15);
        }
        g.dispose();
        Files.createDirectories(png.getParent());
        ImageIO.write(image, "png", png.toFile());
    }
}
