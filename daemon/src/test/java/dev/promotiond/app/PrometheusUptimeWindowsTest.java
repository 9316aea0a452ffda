package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.promql.PrometheusUptime;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import dev.promotiond.facts.UptimeWindows;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.testing.RealPrometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A component known only through its uptime series in a real Prometheus follows the uptime windows
 * in use: once the policy asks for a 14-day window, the daemon queries that window too, and an
 * outage 10 days ago (invisible to 7 days) is counted and judged.
 */
@Timeout(120)
public class PrometheusUptimeWindowsTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    /** Samples of up{job="db"} every minute; 0 for 20 hours starting 10 days before the end. */
    static final Duration SCRAPE = Duration.ofMinutes(1);
    static final long DOWN_SAMPLES = Duration.ofHours(20).dividedBy(SCRAPE);

    @TempDir
    Path dir;

    /** The series over the 14 days (and half an hour) before {@code end}. */
    static String history(Instant end) {
        return history(end, Duration.ofDays(14).plus(Duration.ofMinutes(30)));
    }

    /** The series over {@code span} before {@code end}, as OpenMetrics for {@link RealPrometheus#startWithHistory}. */
    public static String history(Instant end, Duration span) {
        Instant downFrom = end.minus(Duration.ofDays(10));
        Instant downUntil = downFrom.plus(Duration.ofHours(20));
        StringBuilder om = new StringBuilder("# TYPE up gauge\n");
        for (Instant t = end.minus(span); !t.isAfter(end); t = t.plus(SCRAPE)) {
            boolean down = !t.isBefore(downFrom) && t.isBefore(downUntil);
            om.append("up{job=\"db\"} ").append(down ? "0" : "1").append(' ').append(t.getEpochSecond()).append('\n');
        }
        return om.append("# EOF\n").toString();
    }

    static Path rulesCopy(Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl") || p.toString().endsWith("policy.yaml")).toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        return rules;
    }

    static void fourteenDaysForDatabases(Path rules) throws Exception {
        Path policy = rules.resolve("policy.yaml");
        Files.writeString(policy, Files.readString(policy) + """

                groups:
                  databases:
                    in_production:
                      uptime_window: 14d
                """);
    }

    @Test
    void aFourteenDayPolicyWindowIsQueriedFromPrometheusAtStartAndOnReload() throws Exception {
        Instant end = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        Path rules = rulesCopy(dir);
        try (RealPrometheus prometheus = RealPrometheus.startWithHistory(Files.createDirectories(dir.resolve("prom")),
                history(end))) {
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: ./rules
                    evaluation_interval: 10m
                    prometheus: {url: "%s", timeout: 10s}
                    components:
                      - name: db
                        group: databases
                        stage: Production
                        metrics: {uptime: 'min(up{job="db"})', scrape_interval: 1m}
                    """.formatted(prometheus.url()));
            DaemonConfig cfg = ConfigLoader.load(config);
            ManualClock clock = new ManualClock(end);
            Daemon daemon = new Daemon(cfg, clock, new HttpHealthProbe(clock, 4), DroolsRuleEngine.compile(rules), "test");
            try {
                daemon.open();
                daemon.start();
                // the shipped policy: 7 days, the outage is older than that
                ComponentStatus week = evaluate(daemon);
                assertThat(criterion(week, "uptime-7d").state()).as(criterion(week, "uptime-7d").toString())
                        .isEqualTo(CriterionState.MET);
                assertThat(week.slis()).extracting(Sli::name).doesNotContain("uptime_avg_14d");

                // the policy asks for 14 days for the group: the reload makes the daemon query 14 days
                fourteenDaysForDatabases(rules);
                daemon.rules().reload("api");
                ComponentStatus fortnight = evaluate(daemon);
                Uptime u = uptime(fortnight, "14d");
                assertThat(u.unknownReason()).as(u.toString()).isNull();
                assertThat(u.expected()).isEqualTo(Duration.ofDays(14).dividedBy(SCRAPE));
                assertThat((double) u.observed()).isCloseTo(u.expected(), within(2.0));
                assertThat((double) u.down()).as("the 20 DOWN hours 10 days ago").isCloseTo(DOWN_SAMPLES, within(2.0));
                CriterionResult judged = criterion(fortnight, "uptime-14d");
                assertThat(judged.state()).as(judged.toString()).isEqualTo(CriterionState.UNMET);
                assertThat(fortnight.target(Stage.PRODUCTION).criteria()).extracting(CriterionResult::name)
                        .doesNotContain("uptime-7d");
            } finally {
                daemon.close();
            }

            // a daemon started on that policy, compiling it while Prometheus is first queried (as `run`
            // does), queries 14 days for its first evaluation: that one waits for the 14-day answer
            Daemon again = new Daemon(cfg, clock, new HttpHealthProbe(clock, 4), () -> DroolsRuleEngine.compile(rules),
                    "test");
            try {
                again.open();
                again.start();
                again.started().get(60, java.util.concurrent.TimeUnit.SECONDS);
                ComponentStatus first = again.last().component("db").orElseThrow();
                CriterionResult judged = criterion(first, "uptime-14d");
                assertThat(judged.state()).as(judged.toString()).isEqualTo(CriterionState.UNMET);
            } finally {
                again.close();
            }
        }
    }

    static ComponentStatus evaluate(Daemon daemon) {
        daemon.sources().refresh();
        return daemon.evaluations().evaluate().component("db").orElseThrow();
    }

    /** The uptime the cycle builds from the component's uptime SLIs, for {@code window}. */
    static Uptime uptime(ComponentStatus c, String window) {
        Map<String, Sli> slis = new HashMap<>();
        c.slis().forEach(s -> slis.put(s.name(), s));
        return PrometheusUptime.windows(c.config(), slis, UptimeWindows.of(List.of(Duration.ofDays(14)))).stream()
                .filter(u -> u.window().equals(window)).findFirst().orElseThrow();
    }

    static CriterionResult criterion(ComponentStatus c, String name) {
        return c.target(Stage.PRODUCTION).criteria().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion " + name + " in " + c.target(Stage.PRODUCTION)));
    }
}
