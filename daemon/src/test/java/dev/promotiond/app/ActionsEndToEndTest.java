package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.SoakState;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.store.ActionRecord;
import dev.promotiond.store.ActionStore;
import dev.promotiond.testing.QuickGuardRules;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.LatencyService;
import dev.promotiond.testing.RealAlertmanager;
import dev.promotiond.testing.RealPrometheus;
import dev.promotiond.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pages through a real Alertmanager and rollbacks at a real webhook receiver, driven by the default rules. */
@Timeout(180)
class ActionsEndToEndTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();

    @TempDir
    Path dir;

    Path quickRules() {
        return QuickGuardRules.copyInto(dir);
    }

    @Test
    void failedSoakPagesThroughAlertmanagerResolvesWhenClearedAndSurvivesAnOutage() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             RealAlertmanager am = RealAlertmanager.start(Files.createDirectories(dir.resolve("am")), receiver.url());
             FakeEndpoints endpoints = new FakeEndpoints()) {
            FakeEndpoints.State flappy = endpoints.add("flappy");
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    alertmanagers: [{url: "%s"}]
                    alerting: {labels: {team: payments}, runbook_url: "https://runbooks.example/{{alertname}}"}
                    components:
                      - name: flappy
                        group: Payments
                        stage: Staging
                        health: {url: "%s", interval: 10m, status: /status, version: /version}
                    """.formatted(RULES, am.url(), endpoints.url("flappy")));
            DaemonConfig cfg = ConfigLoader.load(config);
            Instant now = Instant.now();
            ManualClock clock = new ManualClock(now.minus(Duration.ofHours(20)));
            HttpHealthProbe probe = new HttpHealthProbe(clock, 4);
            Daemon daemon = new Daemon(cfg, clock, probe, DroolsRuleEngine.compile(RULES), "test");
            try {
                daemon.open();
                // one DOWN probe in every three: the 50.4-minute budget is spent within hours
                int n = 0;
                while (clock.instant().isBefore(now)) {
                    flappy.healthy = n++ % 3 != 0;
                    ProbeScheduler.probeAndWait(probe, cfg.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
                    clock.advance(Duration.ofMinutes(10));
                }
                clock.set(Instant.now());

                // Alertmanager is down when the soak fails: the page waits and arrives after it returns
                am.stop();
                var failed = daemon.evaluations().evaluate();
                assertThat(failed.component("flappy").orElseThrow().soakVerdict().state()).isEqualTo(SoakState.FAILED);
                daemon.actions().act(failed);
                assertThat(outcomes(daemon, "flappy")).contains("send_failed");
                am.start();
                Thread.sleep(1_100); // past the first retry's backoff; Alertmanager judges endsAt by its own clock
                clock.set(Instant.now());
                daemon.actions().act(daemon.evaluations().evaluate());
                List<JsonNode> alerts = am.alerts("alertname", "PromotionSoakFailed");
                assertThat(alerts).hasSize(1);
                JsonNode labels = alerts.get(0).path("labels");
                assertThat(labels.path("component").asText()).isEqualTo("flappy");
                assertThat(labels.path("severity").asText()).isEqualTo("page");
                assertThat(labels.path("stage").asText()).isEqualTo("staging");
                assertThat(labels.path("target_stage").asText()).isEqualTo("production");
                assertThat(labels.path("group").asText()).isEqualTo("Payments");
                assertThat(labels.path("team").asText()).isEqualTo("payments");
                JsonNode annotations = alerts.get(0).path("annotations");
                assertThat(annotations.path("description").asText()).contains("error budget spent");
                assertThat(annotations.path("runbook_url").asText()).isEqualTo("https://runbooks.example/PromotionSoakFailed");
                assertThat(alerts.get(0).path("generatorURL").asText())
                        .endsWith("/api/v1/components/flappy/readiness?target=production");
                assertThat(receiver.awaitRequests(1, Duration.ofSeconds(20))).isNotEmpty();

                // a new version starts a new soak: the condition clears and the alert resolves
                flappy.version = "2.0.0";
                flappy.healthy = true;
                clock.set(Instant.now());
                ProbeScheduler.probeAndWait(probe, cfg.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
                daemon.actions().act(daemon.evaluations().evaluate());
                assertThat(am.alerts("alertname", "PromotionSoakFailed")).isEmpty();
                assertThat(outcomes(daemon, "flappy")).contains("sent", "resolved");
            } finally {
                daemon.close();
            }
        }
    }

    @Test
    void productionBreachRollsBackExactlyOnceAcrossARestartAndAnOutageNeverRollsBack() throws Exception {
        try (LatencyService service = new LatencyService("200", "500");
             RealPrometheus prometheus = RealPrometheus.start(Files.createDirectories(dir.resolve("prom")),
                     Map.of("web", service.target(), "web-dry", service.target()));
             WebhookReceiver rollbacks = new WebhookReceiver();
             WebhookReceiver dryRollbacks = new WebhookReceiver();
             FakeEndpoints endpoints = new FakeEndpoints()) {
            FakeEndpoints.State web = endpoints.add("web");
            FakeEndpoints.State dry = endpoints.add("web-dry");
            Files.writeString(dir.resolve("token"), "s3cret-token\n");
            Path rules = quickRules();
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    prometheus: {url: "%s", timeout: 2s}
                    auth: {token_file: ./token}
                    components:
                      - name: web
                        stage: Production
                        health: {url: "%s", interval: 10m, status: /status, version: /version}
                        metrics: {selector: {job: web}}
                        rollback: {webhook: "%s", timeout: 5s, retries: 0}
                      - name: web-dry
                        stage: Production
                        health: {url: "%s", interval: 10m, status: /status, version: /version}
                        metrics: {selector: {job: web-dry}}
                        rollback: {webhook: "%s", dry_run: true}
                    """.formatted(rules, prometheus.url(), endpoints.url("web"), rollbacks.url(), endpoints.url("web-dry"),
                    dryRollbacks.url()));
            DaemonConfig cfg = ConfigLoader.load(config);
            // the daemons' one clock: set to real time once Prometheus holds the samples, then only
            // advanced, so that "the breach held for its 2 s" and "long enough that a second
            // rollback would have fired" are clock steps, not sleeps
            ManualClock clock = new ManualClock(Instant.now());

            // 1.9 ran first, then 2.0 reached Production 10 minutes ago (more than the SLIs' 5-minute
            // window of its own): slow from the start
            web.version = "1.9";
            dry.version = "1.9";
            Daemon daemon = new Daemon(cfg, clock, new HttpHealthProbe(clock, 4), DroolsRuleEngine.compile(rules), "test");
            daemon.open();
            ManualClock earlier = new ManualClock(Instant.now().minus(Duration.ofMinutes(20)));
            HttpHealthProbe probe = new HttpHealthProbe(earlier, 4);
            ProbeScheduler.probeAndWait(probe, cfg.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
            web.version = "2.0";
            dry.version = "2.0";
            earlier.advance(Duration.ofMinutes(10));
            ProbeScheduler.probeAndWait(probe, cfg.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
            // both jobs need a sample from before the slow traffic, or rate() has nothing to compare with
            prometheus.awaitSamples("http_request_duration_seconds_count{job=\"web\"}", 1, Duration.ofSeconds(20));
            prometheus.awaitSamples("http_request_duration_seconds_count{job=\"web-dry\"}", 1, Duration.ofSeconds(20));
            service.observe(1.5, 500);
            service.requests("200", 500);
            prometheus.awaitValue("http_requests_total{job=\"web\",code=\"200\"}", 500, Duration.ofSeconds(15));
            prometheus.awaitValue("http_requests_total{job=\"web-dry\",code=\"200\"}", 500, Duration.ofSeconds(15));
            Instant at = Instant.now();
            prometheus.awaitScrapedAfter(at, Duration.ofSeconds(20));
            clock.set(at);

            // the breach must hold for its 2 s before the guard trips
            daemon.sources().refresh();
            var first = daemon.evaluations().evaluate();
            assertThat(first.component("web").orElseThrow().breaches()).isNotEmpty();
            assertThat(first.component("web-dry").orElseThrow().breaches()).isNotEmpty();
            daemon.actions().act(first);
            // act() runs the webhook call before it returns, so an early rollback would be here by now
            assertThat(rollbacks.requests()).isEmpty();
            clock.advance(Duration.ofMillis(2_100));
            daemon.sources().refresh();
            daemon.actions().act(daemon.evaluations().evaluate());
            List<WebhookReceiver.Request> calls = rollbacks.awaitRequests(1, Duration.ofSeconds(10));
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0).body().path("version").asText()).isEqualTo("2.0");
            assertThat(calls.get(0).body().path("previousVersion").asText()).isEqualTo("1.9");
            assertThat(dryRollbacks.requests()).as("dry run never calls").isEmpty();
            assertThat(outcomes(daemon, "web-dry")).contains("dry_run").doesNotContain("success");
            daemon.close();

            // restarted right after acting: the breach is still there, the rollback is not repeated. Each
            // act() returns after any webhook call it makes, and the clock moves past the breach's 2 s
            // `for` in between, so a repeated rollback would be in the receiver before the count below.
            Daemon again = new Daemon(cfg, clock, new HttpHealthProbe(clock, 4), DroolsRuleEngine.compile(rules), "test");
            try {
                again.start();
                for (int i = 0; i < 3; i++) {
                    again.sources().refresh();
                    again.actions().act(again.evaluations().evaluate());
                    clock.advance(Duration.ofMillis(1_100));
                }
                assertThat(rollbacks.requests()).hasSize(1);
                var held = again.evaluations().evaluate().component("web").orElseThrow().target(dev.promotiond.facts.Stage.PRODUCTION);
                assertThat(held.criteria()).anyMatch(c -> c.name().equals("rollback-hold"));

                // mutating endpoints need the token
                String clear = "http://127.0.0.1:" + again.port() + "/api/v1/components/web/hold/clear";
                assertThat(post(clear, null).statusCode()).isEqualTo(401);
                assertThat(post(clear, "wrong").statusCode()).isEqualTo(401);
                HttpResponse<String> ok = post(clear, "s3cret-token");
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.body()).contains("2.0");
                String actions = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + again.port() + "/api/v1/actions?component=web")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(actions).path("items")
                        .findValuesAsText("outcome")).contains("success");

                // Prometheus goes away: SLIs unknown, so no new rollback, only the source-down warning
                prometheus.stop();
                int before = rollbacks.requests().size();
                for (int i = 0; i < 3; i++) {
                    again.sources().refresh();
                    var blind = again.evaluations().evaluate();
                    assertThat(blind.actions()).allMatch(a -> a.name().equals("PromotionDataSourceDown"));
                    again.actions().act(blind);
                    clock.advance(Duration.ofMillis(1_100));
                }
                assertThat(rollbacks.requests()).hasSize(before);
                assertThat(outcomes(again, "")).contains("recorded");
            } finally {
                again.close();
                probe.close();
            }
        }
    }

    static HttpResponse<String> post(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> outcomes(Daemon daemon, String component) {
        return new ActionStore(daemon.store()).log(component, 100).stream().map(ActionRecord::outcome).toList();
    }
}
