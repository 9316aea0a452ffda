package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.SoakState;
import dev.promotiond.facts.Stage;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.PassingEvidence;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole weeks of soak through the real wiring (HTTP probes against real loopback endpoints, the
 * SQLite ledger, the default DRL), driven by a clock the test moves: nothing sleeps.
 */
class SoakSimulationTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));
    static final Duration INTERVAL = Duration.ofMinutes(10);

    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T00:00:00Z"));
    FakeEndpoints endpoints;
    HttpHealthProbe probe;
    Daemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        endpoints = new FakeEndpoints();
        probe = new HttpHealthProbe(clock, 16);
    }

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
        endpoints.close();
    }

    Daemon daemon(String... names) throws Exception {
        List<ComponentConfig> components = new ArrayList<>();
        for (String n : names) {
            endpoints.add(n);
            components.add(new ComponentConfig(n, "test", Stage.STAGING, List.of(), new HealthCheck(endpoints.url(n),
                    INTERVAL, Duration.ofSeconds(2), "/status", HealthCheck.DEFAULT_HEALTHY, "/version", Set.of(),
                    HealthCheck.DEFAULT_MAX_BODY_BYTES)));
        }
        // no Prometheus or Alertmanager here: the SLA and monitoring are waived for the group, as an operator would
        Path rules = dir.resolve("rules");
        if (!java.nio.file.Files.isDirectory(rules)) {  // a daemon restarted by the test keeps the same rules
            dev.promotiond.testing.WaivedRules.copy(RULES, rules, "test", "latency-p95", "error-ratio", "monitoring");
        }
        DaemonConfig cfg = new DaemonConfig(null, "127.0.0.1", 0, dir.resolve("ledger.db"), rules,
                DaemonConfig.DEFAULT_RETENTION, Duration.ofSeconds(10), components);
        Daemon d = new Daemon(cfg, clock, probe, DroolsRuleEngine.compile(rules), "test");
        d.open();
        for (String n : names) {
            PassingEvidence.forProduction(d, n, "1.0.0"); // CI's part is met; these tests are about the soak
        }
        return d;
    }

    /** Probes every component once per interval for {@code span}, evaluating every hour. */
    void soak(Duration span) {
        long steps = span.dividedBy(INTERVAL);
        for (long i = 0; i < steps; i++) {
            ProbeScheduler.probeAndWait(probe, daemon.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
            clock.advance(INTERVAL);
            if (i % 6 == 5) {
                daemon.evaluations().evaluate();
            }
        }
        daemon.evaluations().evaluate();
    }

    ComponentStatus status(String name) {
        return daemon.last().component(name).orElseThrow();
    }

    CriterionResult criterion(String name, String criterion) {
        return status(name).target(Stage.PRODUCTION).criteria().stream()
                .filter(c -> c.name().equals(criterion)).findFirst().orElseThrow();
    }

    @Test
    void sevenDayHealthySoakBecomesReadyForProduction() throws Exception {
        daemon = daemon("api");
        soak(Duration.ofDays(6));
        assertThat(status("api").target(Stage.PRODUCTION).state()).isEqualTo(Readiness.NOT_READY);
        assertThat(criterion("api", "soak-duration").state()).isEqualTo(CriterionState.UNMET);
        assertThat(criterion("api", "uptime-7d").state()).as("6 of 7 days observed is below 90% coverage")
                .isEqualTo(CriterionState.UNKNOWN);

        soak(Duration.ofDays(1).plus(INTERVAL));
        Evaluation e = daemon.last();
        assertThat(e.component("api").orElseThrow().target(Stage.PRODUCTION).state()).isEqualTo(Readiness.READY);
        assertThat(criterion("api", "soak-duration").observed()).startsWith("7d");
        assertThat(status("api").soakVerdict().state()).isEqualTo(SoakState.OK);
        assertThat(status("api").ledger().version()).isEqualTo("1.0.0");
    }

    @Test
    void newVersionRestartsTheSoak() throws Exception {
        daemon = daemon("api");
        FakeEndpoints.State api = endpoints.add("api");
        soak(Duration.ofDays(7).plus(INTERVAL));
        assertThat(status("api").target(Stage.PRODUCTION).state()).isEqualTo(Readiness.READY);
        Instant deployed = clock.instant();

        api.version = "1.1.0";
        soak(Duration.ofHours(1));
        assertThat(status("api").target(Stage.PRODUCTION).state()).isEqualTo(Readiness.NOT_READY);
        assertThat(status("api").ledger().soak().version()).isEqualTo("1.1.0");
        assertThat(status("api").ledger().soak().startedAt()).isEqualTo(deployed);
        assertThat(criterion("api", "soak-duration").reason()).contains("1.1.0");
    }

    @Test
    void flappingComponentFailsItsSoakOnceTheBudgetIsSpent() throws Exception {
        daemon = daemon("flappy", "steady");
        FakeEndpoints.State flappy = endpoints.add("flappy");
        soak(Duration.ofDays(1));
        // 50.4 minutes of budget at 10-minute probes: the 6th DOWN probe spends it.
        for (int i = 0; i < 5; i++) {
            flappy.healthy = false;
            soak(INTERVAL);
            flappy.healthy = true;
            soak(Duration.ofHours(1));
        }
        assertThat(status("flappy").soakVerdict().state()).isEqualTo(SoakState.AT_RISK);
        assertThat(status("flappy").soakVerdict().budgetRemainingRatio()).isCloseTo(1 - 3000.0 / 3024,
                org.assertj.core.data.Offset.offset(1e-9));
        flappy.healthy = false;
        soak(INTERVAL);
        assertThat(status("flappy").soakVerdict().state()).isEqualTo(SoakState.FAILED);
        assertThat(status("flappy").soakVerdict().budgetRemainingRatio()).isZero();
        assertThat(status("steady").soakVerdict().state()).isEqualTo(SoakState.OK);
    }

    @Test
    void twoHourDaemonGapLowersCoverageNotUptimeAndDoesNotCountAsSoak() throws Exception {
        daemon = daemon("api");
        soak(Duration.ofHours(10));
        long soakedBefore = status("api").ledger().soak().observedSeconds();
        daemon.close(); // closes its probe client too
        probe = new HttpHealthProbe(clock, 16);

        clock.advance(Duration.ofHours(2)); // the daemon is down: no probes, no evaluation
        daemon = daemon("api");
        daemon.evaluations().evaluate();
        assertThat(status("api").ledger().soak().observedSeconds()).isEqualTo(soakedBefore);
        soak(Duration.ofHours(12));
        var day = status("api").ledger().uptime("24h");
        assertThat(day.ratio()).isEqualTo(1.0);
        assertThat(day.coverage()).isCloseTo(22.0 / 24, org.assertj.core.data.Offset.offset(0.01));
        assertThat(status("api").ledger().soak().observedSeconds()).isEqualTo(Duration.ofHours(22).toSeconds());
        assertThat(status("api").ledger().soak().wallSeconds()).isEqualTo(Duration.ofHours(24).toSeconds());
    }
}
