package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.PromqlTemplate;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Stage;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.LatencyService;
import dev.promotiond.testing.RealPrometheus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole daemon against a real Prometheus scraping a service with a known latency
 * distribution: a week of probes simulated up to "now", then SLIs queried for real.
 */
@Timeout(120)
class PrometheusSlaEndToEndTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void slaCriteriaFollowPrometheusAndAnOutageMakesThemUnknownNotUnmet() throws Exception {
        try (LatencyService service = new LatencyService("200", "500");
             RealPrometheus prometheus = RealPrometheus.start(Files.createDirectories(dir.resolve("prom")), Map.of("checkout", service.target()));
             FakeEndpoints endpoints = new FakeEndpoints()) {
            endpoints.add("checkout");
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    prometheus: {url: "%s", timeout: 2s}
                    components:
                      - name: checkout
                        stage: Staging
                        health: {url: "%s", interval: 10m, status: /status, version: /version}
                        metrics:
                          selector: {job: checkout}
                      - name: checkout-db
                        stage: Production
                        metrics: {uptime: 'min(up{job="checkout"})', scrape_interval: 1s}
                    """.formatted(RULES, prometheus.url(), endpoints.url("checkout")));
            DaemonConfig cfg = ConfigLoader.load(config);

            // a week of healthy probes, simulated so that it ends now
            Instant now = Instant.now();
            ManualClock clock = new ManualClock(now.minus(Duration.ofDays(7)).minus(Duration.ofMinutes(20)));
            HttpHealthProbe probe = new HttpHealthProbe(clock, 4);
            Daemon daemon = new Daemon(cfg, clock, probe, DroolsRuleEngine.compile(RULES), "test");
            try {
                daemon.open();
                while (clock.instant().isBefore(now)) {
                    ProbeScheduler.probeAndWait(probe, cfg.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
                    clock.advance(Duration.ofMinutes(10));
                }

                // fast traffic: every request within 100 ms, but 3% errors
                prometheus.awaitSamples("http_request_duration_seconds_count{job=\"checkout\"}", 1, Duration.ofSeconds(20));
                service.observe(0.07, 200);
                service.requests("200", 194);
                service.requests("500", 6);
                prometheus.awaitValue("http_requests_total{job=\"checkout\",code=\"200\"}", 194, Duration.ofSeconds(15));
                ComponentStatus fast = evaluateAt(daemon, clock, prometheus);
                Sli p95 = sli(fast, "latency_p95_seconds");
                String p95Query = PromqlTemplate.render(PromqlTemplate.BUILT_INS.get("latency_p95_seconds"), "checkout",
                        Map.of("job", "checkout"), null);
                assertThat(p95.query()).isEqualTo(p95Query);
                assertThat(p95.value()).isCloseTo(prometheus.query(p95Query, clock.instant()), within(1e-9));
                assertThat(p95.value()).isBetween(0.05, 0.1);
                assertThat(criterion(fast, "latency-p95").state()).isEqualTo(CriterionState.MET);
                assertThat(criterion(fast, "error-ratio").state()).isEqualTo(CriterionState.UNMET);
                assertThat(criterion(fast, "error-ratio").observed()).isEqualTo("3%");
                ComponentStatus db = daemon.last().component("checkout-db").orElseThrow();
                assertThat(sli(db, "uptime_avg_1h").value()).isEqualTo(1.0);
                double scraped = prometheus.query("count_over_time(up{job=\"checkout\"}[1h])", clock.instant());
                assertThat(sli(db, "uptime_count_1h").value()).isPositive().isCloseTo(scraped, within(1.0));
                assertThat(criterion(db, "uptime-7d").state()).as("seconds of a week observed").isEqualTo(CriterionState.UNKNOWN);
                assertThat(criterion(db, "uptime-7d").reason()).contains("coverage");

                // a slow release: most requests now take 0.8 s, and errors stop
                service.observe(0.8, 2000);
                service.requests("200", 2000);
                prometheus.awaitValue("http_requests_total{job=\"checkout\",code=\"200\"}", 2194, Duration.ofSeconds(15));
                ComponentStatus slow = evaluateAt(daemon, clock, prometheus);
                assertThat(sli(slow, "latency_p95_seconds").value()).isBetween(0.5, 1.0);
                assertThat(criterion(slow, "latency-p95").state()).isEqualTo(CriterionState.UNMET);
                assertThat(slow.target(Stage.PRODUCTION).state()).isEqualTo(Readiness.NOT_READY);

                // Prometheus goes away: unknown, never unmet
                prometheus.stop();
                daemon.sources().refresh();
                ComponentStatus blind = daemon.evaluations().evaluate().component("checkout").orElseThrow();
                assertThat(criterion(blind, "latency-p95").state()).isEqualTo(CriterionState.UNKNOWN);
                assertThat(criterion(blind, "latency-p95").reason()).contains("Prometheus unreachable");
                assertThat(criterion(blind, "uptime-7d").state()).isEqualTo(CriterionState.MET);
                assertThat(blind.target(Stage.PRODUCTION).state()).isEqualTo(Readiness.UNKNOWN);
                daemon.start();
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + daemon.port() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("promotiond_source_up{source=\"prometheus\"} 0.0")
                        .contains("promotiond_sli_known{component=\"checkout\",sli=\"latency_p95_seconds\"} 0.0")
                        .contains("promotiond_source_query_errors_total{reason=\"unreachable\",source=\"prometheus\"}");

                // and comes back: the evaluation is restored
                prometheus.start();
                ComponentStatus back = evaluateAt(daemon, clock, prometheus);
                assertThat(criterion(back, "latency-p95").state()).isEqualTo(CriterionState.UNMET);
                assertThat(sli(back, "latency_p95_seconds").known()).isTrue();
            } finally {
                daemon.close();
            }
        }
    }

    /**
     * Moves the clock to real time (Prometheus holds real samples), refreshes SLIs and evaluates.
     * Queries run at an instant whose scrapes (1 s interval, 1 s timeout) are all stored.
     */
    static ComponentStatus evaluateAt(Daemon daemon, ManualClock clock, RealPrometheus prometheus) throws InterruptedException {
        Instant at = Instant.now();
        prometheus.awaitScrapedAfter(at, Duration.ofSeconds(20));
        clock.set(at);
        daemon.sources().refresh();
        return daemon.evaluations().evaluate().component("checkout").orElseThrow();
    }

    static Sli sli(ComponentStatus c, String name) {
        return c.slis().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static CriterionResult criterion(ComponentStatus c, String name) {
        return c.target(Stage.PRODUCTION).criteria().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion " + name + " in " + c.target(Stage.PRODUCTION)));
    }
}
