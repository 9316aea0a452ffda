package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.demo.Demo;
import dev.promotiond.testing.PolicyEdit;
import dev.promotiond.testing.RealPrometheus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying the demo's synthetic week with a tighter uptime threshold flips exactly what it should. */
class RulesReplayCommandTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;
    Path store;
    Path candidate;

    @BeforeEach
    void seedStoreAndCandidate() throws Exception {
        store = dir.resolve("ledger.db");
        Demo.seed(store, NOW);
        candidate = dir.resolve("candidate");
        Files.createDirectories(candidate);
        dev.promotiond.testing.RulesCopy.into(candidate);
    }

    CheckAgainstRunningDaemonTest.Run replay(String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] head = {"rules", "replay", "--baseline", RULES.toString(), "--rules", candidate.toString(), "--store",
            store.toString(), "--since", "2d", "--step", "30m"};
        String[] all = Stream.concat(Arrays.stream(head), Arrays.stream(extra)).toArray(String[]::new);
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new CheckAgainstRunningDaemonTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void tighterStagingUptimeFlipsExactlyTheComponentsBetweenTheThresholds() throws Exception {
        PolicyEdit.set(candidate, "to_production.min_uptime", "99.99%");

        CheckAgainstRunningDaemonTest.Run r = replay();
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        List<String> changes = r.out().lines().filter(l -> l.contains(" → ")).toList();
        // catalog-api lost 7 probes in its week (99.99%): met at 99.5%, unmet at 99.99%; its readiness
        // flips once its 7-day soak is complete, from unknown (no SLIs without --config: its SLA is
        // unknown) to not ready. Every other component is unknown or unmet either way.
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0)).contains("catalog-api  production  uptime-7d: met → unmet").contains("7 of 60474 probes DOWN");
        assertThat(changes.get(1)).contains("catalog-api  production  (readiness): unknown → not_ready");
        assertThat(changes.get(1)).contains("2026-11-24T1");
        assertThat(r.out()).contains("2 verdict changes over 97 evaluations");
    }

    /**
     * The same tightening written for one component in policy.yaml: for another component it changes
     * nothing; for catalog-api it flips catalog-api, as the default did, and says whose threshold it is.
     */
    @Test
    void aPerComponentThresholdFlipsExactlyThatComponent() throws Exception {
        Path policy = candidate.resolve("policy.yaml");
        String shipped = Files.readString(policy);
        Files.writeString(policy, shipped + "\ncomponents:\n  checkout-api:\n    to_production: {min_uptime: 99.99%}\n");
        CheckAgainstRunningDaemonTest.Run other = replay();
        assertThat(other.exit()).as(other.out() + other.err()).isEqualTo(0);
        assertThat(other.out()).contains("0 verdict changes");

        Files.writeString(policy, shipped + "\ncomponents:\n  catalog-api:\n    to_production: {min_uptime: 99.99%}\n");
        CheckAgainstRunningDaemonTest.Run r = replay();
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        List<String> changes = r.out().lines().filter(l -> l.contains(" → ")).toList();
        assertThat(changes).hasSize(2).allMatch(l -> l.contains("catalog-api  production"));
        assertThat(changes.get(0)).contains("uptime-7d: met → unmet");
    }

    @Test
    void tighterLatencySlaIsJudgedOnPrometheusHistory(@TempDir Path promDir) throws Exception {
        // a store and a Prometheus history that end 3 hours ago, so both are recent whenever this runs
        Instant end = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        Files.delete(store);
        Demo.seed(store, end);
        // catalog-api's p95: 300 ms, then 450 ms for the last 12 hours; its error ratio 0.1% throughout
        Instant slow = end.minus(Duration.ofHours(12));
        StringBuilder om = new StringBuilder("# TYPE demo_latency_p95_seconds gauge\n");
        for (Instant t = end.minus(Duration.ofDays(2)).minus(Duration.ofMinutes(10)); !t.isAfter(end); t = t.plusSeconds(60)) {
            om.append("demo_latency_p95_seconds{job=\"catalog-api\"} ").append(t.isBefore(slow) ? "0.3" : "0.45")
                    .append(' ').append(t.getEpochSecond()).append('\n');
        }
        om.append("# TYPE demo_error_ratio gauge\n");
        for (Instant t = end.minus(Duration.ofDays(2)).minus(Duration.ofMinutes(10)); !t.isAfter(end); t = t.plusSeconds(60)) {
            om.append("demo_error_ratio{job=\"catalog-api\"} 0.001 ").append(t.getEpochSecond()).append('\n');
        }
        om.append("# EOF\n");
        PolicyEdit.set(candidate, "sla.max_latency_p95", "400ms");

        try (RealPrometheus prometheus = RealPrometheus.startWithHistory(promDir, om.toString())) {
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    prometheus: {url: "%s", timeout: 10s}
                    alertmanagers:
                      - url: http://127.0.0.1:9
                    components:
                      - name: catalog-db
                        stage: Production
                        health: {url: "http://127.0.0.1:9/health", interval: 10s}
                      - name: catalog-api
                        stage: Staging
                        dependencies: [catalog-db]
                        health: {url: "http://127.0.0.1:9/health", interval: 10s}
                        metrics:
                          slis:
                            latency_p95_seconds: demo_latency_p95_seconds{job="catalog-api"}
                            error_ratio: demo_error_ratio{job="catalog-api"}
                    """.formatted(RULES, prometheus.url()));

            CheckAgainstRunningDaemonTest.Run r = replay("--config", config.toString());
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains("SLIs: 2 range queries to " + prometheus.url() + ", 0 failed");
            List<String> changes = r.out().lines().filter(l -> l.contains(" → ")).toList();
            List<String> latency = changes.stream().filter(l -> l.contains("latency-p95")).toList();
            assertThat(latency).hasSize(1);
            assertThat(latency.get(0)).startsWith(slow + " .. " + end)
                    .contains("catalog-api  production  latency-p95: met → unmet").contains("450 ms");
            assertThat(changes).allMatch(l -> l.contains("catalog-api  production"));
            assertThat(changes).anyMatch(l -> l.contains("(readiness): ready → not_ready"));
            assertThat(changes).noneMatch(l -> l.contains("error-ratio"));

            // without Prometheus the SLIs are unknown under both rule sets: nothing flips, and it says why
            prometheus.stop();
            CheckAgainstRunningDaemonTest.Run down = replay("--config", config.toString());
            assertThat(down.exit()).as(down.out() + down.err()).isZero();
            assertThat(down.out()).contains("SLIs: 2 range queries to " + prometheus.url() + ", 2 failed")
                    .contains("catalog-api/latency_p95_seconds: Prometheus unreachable").contains("0 verdict changes");
        }
    }

    /**
     * A group's 14-day window in the candidate: a component known only through its uptime series in
     * Prometheus is judged over 14 days of that series' history (its outage 10 days ago counted),
     * not left unknown for want of a query.
     */
    @Test
    void aGroupsFourteenDayWindowIsJudgedOnThePrometheusUptimeSeries(@TempDir Path promDir) throws Exception {
        Instant end = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        Files.delete(store);
        Demo.seed(store, end);
        Files.writeString(candidate.resolve("policy.yaml"), Files.readString(candidate.resolve("policy.yaml")) + """

                groups:
                  databases:
                    in_production:
                      uptime_window: 14d
                """);
        try (RealPrometheus prometheus = RealPrometheus.startWithHistory(promDir,
                dev.promotiond.app.PrometheusUptimeWindowsTest.history(end, Duration.ofDays(16)))) {
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    prometheus: {url: "%s", timeout: 30s}
                    components:
                      - name: db
                        group: databases
                        stage: Production
                        metrics: {uptime: 'min(up{job="db"})', scrape_interval: 1m}
                    """.formatted(RULES, prometheus.url()));

            CheckAgainstRunningDaemonTest.Run r = replay("--config", config.toString());
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).as("1h, 24h, 7d and 14d: average and count each")
                    .contains("SLIs: 8 range queries to " + prometheus.url() + ", 0 failed");
            List<String> changes = r.out().lines().filter(l -> l.contains(" → ")).toList();
            assertThat(changes).anyMatch(l -> l.contains("db  production  uptime-7d: met → absent"));
            assertThat(changes).as(r.out()).anyMatch(l -> l.contains("db  production  uptime-14d: absent → unmet"))
                    .noneMatch(l -> l.contains("uptime-14d: absent → unknown"));
        }
    }

    @Test
    void prometheusWithoutAConfigIsAUsageError() {
        CheckAgainstRunningDaemonTest.Run r = replay("--prometheus", "http://127.0.0.1:9/");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--prometheus needs --config");
    }

    @Test
    void identicalRulesChangeNothing() {
        CheckAgainstRunningDaemonTest.Run r = replay();
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("0 verdict changes");
    }

    @Test
    void brokenCandidateIsAnErrorWithFileAndLine() throws Exception {
        Files.writeString(candidate.resolve("broken.drl"), "package promotiond.rules;\nrule \"x\" when then oops( end\n");
        CheckAgainstRunningDaemonTest.Run r = replay();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("candidate rules").contains("broken.drl:2:");
    }
}
