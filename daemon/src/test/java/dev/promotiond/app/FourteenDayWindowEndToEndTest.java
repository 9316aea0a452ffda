package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.testing.FakeEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 14-day uptime window asked for at run time, through the real wiring: the ledger reads back the
 * week it had dropped, and the gauges and the API show window="14d".
 */
class FourteenDayWindowEndToEndTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));
    static final Duration INTERVAL = Duration.ofMinutes(10);

    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T00:00:00Z"));
    FakeEndpoints endpoints;
    Daemon daemon;

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
    }

    @Test
    void fourteenDayWindowAskedAfterTwoWeeksShowsTheOldOutageInLedgerGaugesAndApi() throws Exception {
        endpoints = new FakeEndpoints();
        FakeEndpoints.State db = endpoints.add("db");
        HttpHealthProbe probe = new HttpHealthProbe(clock, 4);
        ComponentConfig c = new ComponentConfig("db", "test", Stage.STAGING, List.of(), new HealthCheck(endpoints.url("db"),
                INTERVAL, Duration.ofSeconds(2), "/status", HealthCheck.DEFAULT_HEALTHY, "/version", Set.of(),
                HealthCheck.DEFAULT_MAX_BODY_BYTES));
        DaemonConfig cfg = new DaemonConfig(null, "127.0.0.1", 0, dir.resolve("ledger.db"), RULES,
                DaemonConfig.DEFAULT_RETENTION, Duration.ofSeconds(10), List.of(c));
        daemon = new Daemon(cfg, clock, probe, DroolsRuleEngine.compile(RULES), "test");
        daemon.open();
        Instant start = clock.instant();
        Instant downFrom = start.plus(Duration.ofDays(4));
        long steps = Duration.ofDays(14).dividedBy(INTERVAL);
        for (long i = 0; i < steps; i++) {
            db.healthy = clock.instant().isBefore(downFrom) || !clock.instant().isBefore(downFrom.plus(Duration.ofHours(1)));
            ProbeScheduler.probeAndWait(probe, daemon.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
            clock.advance(INTERVAL);
            if (i % 144 == 143) {
                daemon.evaluations().evaluate(); // a view a day: the ledger drops what the 7d window no longer needs
            }
        }
        assertThat(daemon.evaluations().evaluate().component("db").orElseThrow().ledger().uptime("7d").down()).isZero();

        assertThatThrownBy(() -> daemon.windows().use(List.of(Duration.ofDays(40))))
                .hasMessageContaining("uptime window 40d").hasMessageContaining("retention 35d");
        daemon.windows().use(List.of(Duration.ofDays(7), Duration.ofDays(14)));
        List<Uptime> uptimes = daemon.evaluations().evaluate().component("db").orElseThrow().ledger().uptimes();
        assertThat(uptimes).extracting(Uptime::window).containsExactly("1h", "24h", "7d", "14d");
        assertThat(uptimes.get(3).down()).as("the DOWN hour 10 days ago: 6 probes").isEqualTo(6);
        assertThat(uptimes.get(3).observed()).isEqualTo(steps - 1);

        daemon.start();
        daemon.evaluations().evaluate();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + daemon.port();
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("promotiond_uptime_ratio{component=\"db\",window=\"14d\"}")
                .contains("promotiond_probe_coverage_ratio{component=\"db\",window=\"14d\"}");
        String detail = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/components/db")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(detail).contains("\"14d\"");
    }

    /**
     * The policy alone asks for the window: a group's 14-day uptime window for Staging → Production.
     * An outage 10 days ago, invisible to 7 days, makes the criterion uptime-14d unmet; the
     * criterion's id, the gauges' window label and the API all say 14d, and no uptime-7d is judged.
     */
    @Test
    void aGroupsFourteenDayWindowInPolicyIsJudgedThroughLedgerApiAndGauges() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        dev.promotiond.testing.RulesCopy.into(rules);
        Files.writeString(rules.resolve("policy.yaml"), Files.readString(rules.resolve("policy.yaml")) + """

                groups:
                  databases:
                    to_production:
                      uptime_window: 14d
                """);
        endpoints = new FakeEndpoints();
        FakeEndpoints.State db = endpoints.add("db");
        HttpHealthProbe probe = new HttpHealthProbe(clock, 4);
        ComponentConfig c = new ComponentConfig("db", "databases", Stage.STAGING, List.of(), new HealthCheck(
                endpoints.url("db"), INTERVAL, Duration.ofSeconds(2), "/status", HealthCheck.DEFAULT_HEALTHY, "/version",
                Set.of(), HealthCheck.DEFAULT_MAX_BODY_BYTES));
        DaemonConfig cfg = new DaemonConfig(null, "127.0.0.1", 0, dir.resolve("ledger.db"), rules,
                DaemonConfig.DEFAULT_RETENTION, Duration.ofSeconds(10), List.of(c));
        daemon = new Daemon(cfg, clock, probe, DroolsRuleEngine.compile(rules), "test");
        daemon.open();
        Instant downFrom = clock.instant().plus(Duration.ofDays(4));
        long steps = Duration.ofDays(14).dividedBy(INTERVAL);
        for (long i = 0; i < steps; i++) {
            db.healthy = clock.instant().isBefore(downFrom) || !clock.instant().isBefore(downFrom.plus(Duration.ofHours(20)));
            ProbeScheduler.probeAndWait(probe, daemon.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
            clock.advance(INTERVAL);
        }
        daemon.start();
        daemon.evaluations().evaluate();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + daemon.port();
        com.fasterxml.jackson.databind.JsonNode readiness = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/components/db/readiness?target=production"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
        List<String> names = readiness.path("criteria").findValuesAsText("name");
        assertThat(names).contains("uptime-14d").doesNotContain("uptime-7d");
        com.fasterxml.jackson.databind.JsonNode uptime = null;
        for (com.fasterxml.jackson.databind.JsonNode n : readiness.path("criteria")) {
            if (n.path("name").asText().equals("uptime-14d")) {
                uptime = n;
            }
        }
        assertThat(uptime.path("state").asText()).as(uptime.toString()).isEqualTo("unmet");
        assertThat(uptime.path("threshold").asText()).contains("over 14d").contains("for group databases, policy.yaml:");
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("promotiond_uptime_ratio{component=\"db\",window=\"14d\"}")
                .contains("criterion=\"uptime-14d\"");
    }
}
