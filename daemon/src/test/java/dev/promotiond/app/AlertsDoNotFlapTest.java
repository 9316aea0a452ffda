package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.store.ActionStore;
import dev.promotiond.testing.QuickGuardRules;
import dev.promotiond.testing.LatencyService;
import dev.promotiond.testing.RealAlertmanager;
import dev.promotiond.testing.RealPrometheus;
import dev.promotiond.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A firing page, a real Prometheus behind it and a real Alertmanager in front: restarts and a
 * Prometheus outage never resolve it; only a known-clear condition does. Everything is read back
 * from Alertmanager's own API ({@code GET /api/v2/alerts}).
 */
@Timeout(180)
class AlertsDoNotFlapTest {
    static final String GUARD = "ProductionGuardTripped";
    static final int RESTARTS = 3;

    @TempDir
    Path dir;

    Path quickRules() {
        return QuickGuardRules.copyInto(dir);
    }

    /**
     * A Production component without a health probe (so the guard pages and never rolls back) whose
     * only SLI is an error ratio read from two counters: it changes the moment the counters do.
     */
    DaemonConfig config(Path rules, RealPrometheus prometheus, RealAlertmanager am) throws Exception {
        Path config = dir.resolve("promotiond.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: %s
                prometheus: {url: "%s", timeout: 2s}
                alertmanagers: [{url: "%s"}]
                components:
                  - name: web
                    stage: Production
                    metrics:
                      slis:
                        error_ratio: 'max(http_requests_total{job="web",code="500"}) / max(http_requests_total{job="web",code="200"})'
                """.formatted(rules, prometheus.url(), am.url()));
        return ConfigLoader.load(config);
    }

    /** Opens a daemon on the config's store and runs what {@link Daemon#start()} runs first: refresh, evaluate, act. */
    static Daemon openAndAct(DaemonConfig cfg, ManualClock clock, Path rules) throws Exception {
        Daemon d = new Daemon(cfg, clock, new HttpHealthProbe(clock, 2), DroolsRuleEngine.compile(rules), "test");
        d.open();
        cycle(d, clock);
        return d;
    }

    /**
     * One cycle at the real time. The clock never runs ahead of it: Alertmanager judges endsAt by its
     * own clock, and a resolve stamped in its future would merely shorten nothing.
     */
    static void cycle(Daemon d, ManualClock clock) {
        clock.set(Instant.now());
        d.sources().refresh();
        d.actions().act(d.evaluations().evaluate());
    }

    /** Fires the guard page: errors at 50%, seen in two cycles 2 s apart (its `for`). */
    static Instant fireGuard(Daemon d, ManualClock clock, LatencyService service, RealPrometheus prometheus) {
        service.requests("200", 100);
        service.requests("500", 50);
        prometheus.awaitValue("http_requests_total{job=\"web\",code=\"500\"}", 50, Duration.ofSeconds(20));
        cycle(d, clock);
        assertThat(d.last().component("web").orElseThrow().breaches()).isNotEmpty();
        Instant due = clock.instant().plusSeconds(2);
        RealPrometheus.await("the guard's 2 s `for` to pass", Duration.ofSeconds(5), () -> !Instant.now().isBefore(due));
        cycle(d, clock);
        return clock.instant();
    }

    static long resolvedInLog(Daemon d) {
        return new ActionStore(d.store()).log("web", 1000).stream()
                .filter(r -> r.kind().equals("alert") && r.outcome().equals("resolved")).count();
    }

    @Test
    void firingGuardPageNeverResolvesAcrossThreeRestartsAndKeepsItsStartsAt() throws Exception {
        try (LatencyService service = new LatencyService("200", "500");
             RealPrometheus prometheus = RealPrometheus.start(Files.createDirectories(dir.resolve("prom")),
                     Map.of("web", service.target()));
             WebhookReceiver receiver = new WebhookReceiver();
             RealAlertmanager alertmanager = RealAlertmanager.start(Files.createDirectories(dir.resolve("am")),
                     receiver.url())) {
            Path rules = quickRules();
            DaemonConfig cfg = config(rules, prometheus, alertmanager);
            ManualClock clock = new ManualClock(Instant.now());
            List<Daemon> abandoned = new ArrayList<>();
            Daemon daemon = openAndAct(cfg, clock, rules);
            try {
                fireGuard(daemon, clock, service, prometheus);
                List<JsonNode> firing = alertmanager.alerts("alertname", GUARD);
                assertThat(firing).hasSize(1);
                String startsAt = firing.get(0).path("startsAt").asText();
                String fingerprint = firing.get(0).path("fingerprint").asText();
                Instant endsAt = Instant.parse(firing.get(0).path("endsAt").asText());

                long resolved = 0;
                for (int i = 1; i <= RESTARTS; i++) {
                    if (i == 2) {
                        abandoned.add(daemon);  // kill-style: no close, nothing flushed or shut down
                        daemon.expireLease();   // as its lease would after it died (a dead process on this host: at once)
                    } else {
                        daemon.close();
                    }
                    daemon = openAndAct(cfg, clock, rules);
                    resolved += resolvedInLog(daemon);
                    List<JsonNode> after = alertmanager.alerts("alertname", GUARD);
                    assertThat(after).as("restart %d: the page is still firing in Alertmanager", i).hasSize(1);
                    assertThat(after.get(0).path("fingerprint").asText()).isEqualTo(fingerprint);
                    assertThat(after.get(0).path("startsAt").asText()).as("restart %d keeps startsAt", i)
                            .isEqualTo(startsAt);
                    Instant resentEndsAt = Instant.parse(after.get(0).path("endsAt").asText());
                    assertThat(resentEndsAt).as("restart %d resends at once with a fresh endsAt", i).isAfter(endsAt);
                    endsAt = resentEndsAt;
                }
                System.out.println("alerts resolved across " + RESTARTS + " restarts: " + resolved);
                assertThat(resolved).as("alerts resolved across %d restarts", RESTARTS).isZero();
            } finally {
                daemon.close();
                abandoned.forEach(Daemon::close);
            }
        }
    }

    @Test
    void prometheusOutageKeepsTheGuardPageFiringWithDataMissingUntilKnownClear() throws Exception {
        try (LatencyService service = new LatencyService("200", "500");
             RealPrometheus prometheus = RealPrometheus.start(Files.createDirectories(dir.resolve("prom")),
                     Map.of("web", service.target()));
             WebhookReceiver receiver = new WebhookReceiver();
             RealAlertmanager alertmanager = RealAlertmanager.start(Files.createDirectories(dir.resolve("am")),
                     receiver.url())) {
            Path rules = quickRules();
            DaemonConfig cfg = config(rules, prometheus, alertmanager);
            ManualClock clock = new ManualClock(Instant.now());
            Daemon daemon = openAndAct(cfg, clock, rules);
            try {
                fireGuard(daemon, clock, service, prometheus);
                String startsAt = alertmanager.alerts("alertname", GUARD).get(0).path("startsAt").asText();
                assertThat(alertmanager.alerts("alertname", GUARD).get(0).path("annotations").has("data_missing_since"))
                        .isFalse();

                // Prometheus goes away: the error ratio is unknown, so the page keeps firing and says so
                prometheus.stop();
                cycle(daemon, clock);
                Instant missingSince = clock.instant();
                List<JsonNode> blind = alertmanager.alerts("alertname", GUARD);
                assertThat(blind).as("a Prometheus outage does not resolve the page").hasSize(1);
                JsonNode annotations = blind.get(0).path("annotations");
                assertThat(annotations.path("data_missing_since").asText()).isEqualTo(missingSince.toString());
                assertThat(annotations.path("description").asText()).contains("data missing since " + missingSince)
                        .contains("error_ratio");
                assertThat(blind.get(0).path("startsAt").asText()).isEqualTo(startsAt);

                // still blind in later cycles and across a restart: the same "since", a fresh endsAt
                Instant endsAt = Instant.parse(blind.get(0).path("endsAt").asText());
                daemon.close();
                daemon = openAndAct(cfg, clock, rules);
                cycle(daemon, clock);
                List<JsonNode> still = alertmanager.alerts("alertname", GUARD);
                assertThat(still).hasSize(1);
                assertThat(still.get(0).path("annotations").path("data_missing_since").asText())
                        .isEqualTo(missingSince.toString());
                assertThat(Instant.parse(still.get(0).path("endsAt").asText())).isAfter(endsAt);
                assertThat(still.get(0).path("startsAt").asText()).isEqualTo(startsAt);
                assertThat(resolvedInLog(daemon)).isZero();

                // Prometheus returns with the errors still there: known again and still firing
                prometheus.start();
                prometheus.awaitValue("http_requests_total{job=\"web\",code=\"500\"}", 50, Duration.ofSeconds(20));
                cycle(daemon, clock);
                List<JsonNode> known = alertmanager.alerts("alertname", GUARD);
                assertThat(known).hasSize(1);
                assertThat(known.get(0).path("annotations").has("data_missing_since")).isFalse();
                assertThat(known.get(0).path("startsAt").asText()).isEqualTo(startsAt);

                // the errors stop: known clear, so the page resolves
                service.requests("200", 100_000);
                prometheus.awaitValue("http_requests_total{job=\"web\",code=\"200\"}", 100_100, Duration.ofSeconds(20));
                cycle(daemon, clock);
                assertThat(daemon.last().component("web").orElseThrow().breaches()).isEmpty();
                RealPrometheus.await("the page resolved in Alertmanager", Duration.ofSeconds(10),
                        () -> alertmanager.alerts("alertname", GUARD).isEmpty());
                assertThat(resolvedInLog(daemon)).isEqualTo(1);
            } finally {
                daemon.close();
            }
        }
    }
}
