package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.app.Daemon;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.testing.PassingEvidence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon started from a YAML config on a free loopback port, with a simulated week behind it,
 * asked by the CLI gate and over HTTP the way CI and people would.
 */
class CheckAgainstRunningDaemonTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    @TempDir
    static Path dir;
    static FakeEndpoints endpoints;
    static Daemon daemon;
    static String url;

    @BeforeAll
    static void startDaemon() throws Exception {
        endpoints = new FakeEndpoints();
        endpoints.add("ready-api");
        endpoints.add("young-api");
        endpoints.add("live-api");
        Path config = dir.resolve("promotiond.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: %s
                components:
                  - name: ready-api
                    group: Tests
                    stage: Staging
                    health:
                      url: %s
                      interval: 10m
                      status: /status
                      version: /version
                  - name: young-api
                    stage: Staging
                    dependencies: [ready-api]
                    health: {url: "%s", interval: 10m, status: /status}
                  - name: blind-api
                    stage: Staging
                  - name: live-api
                    stage: Production
                    health: {url: "%s", interval: 10m, status: /status}
                """.formatted(waivedRules(), endpoints.url("ready-api"), endpoints.url("young-api"),
                endpoints.url("live-api")));
        DaemonConfig cfg = ConfigLoader.load(config);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
        HttpHealthProbe probe = new HttpHealthProbe(clock, 8);
        daemon = new Daemon(cfg, clock, probe, DroolsRuleEngine.compile(cfg.rules()), "test");
        daemon.open();
        PassingEvidence.forProduction(daemon, "ready-api", "1.0.0");
        var onlyReady = cfg.components().subList(0, 1);
        for (int i = 0; i < 7 * 144 + 2; i++) {
            ProbeScheduler.probeAndWait(probe, onlyReady, o -> daemon.observations().observe(o), Duration.ofSeconds(10));
            clock.advance(Duration.ofMinutes(10));
        }
        ProbeScheduler.probeAndWait(probe, cfg.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
        daemon.start();
        url = "http://127.0.0.1:" + daemon.port();
    }

    /**
     * The shipped rules plus an operator's waivers: ready-api has no Prometheus here, so its SLA and
     * the monitoring of its group are waived in DRL policy, visibly.
     */
    static Path waivedRules() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (var files = Files.list(RULES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl") || p.toString().endsWith("policy.yaml")).toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        Files.writeString(rules.resolve("waivers.drl"), """
                package promotiond.rules;

                rule "waiver: ready-api latency"
                    salience 1000
                when
                then
                    insert(new Waiver("latency-p95", "ready-api", "measured by the load test", drools.getRule().getName()));
                end

                rule "waiver: ready-api errors"
                    salience 1000
                when
                then
                    insert(new Waiver("error-ratio", "ready-api", "measured by the load test", drools.getRule().getName()));
                end

                rule "waiver: monitoring of Tests"
                    salience 1000
                when
                then
                    insert(new Waiver("monitoring", "Tests", "monitored by the platform team", drools.getRule().getName()));
                end
                """);
        return rules;
    }

    @AfterAll
    static void stop() {
        daemon.close();
        endpoints.close();
    }

    record Run(int exit, String out, String err) {
    }

    static Run check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "check";
        System.arraycopy(args, 0, full, 1, args.length);
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), full);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void readyComponentExitsZeroWithTheCriteriaTable() {
        Run r = check("--url", url, "--component", "ready-api", "--target", "production");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("ready-api → production: READY").contains("soak-duration").contains("uptime-7d")
                .containsPattern("latency-p95 +met .*waived by policy: waiver: ready-api latency \\(measured by the load test\\)")
                .containsPattern("monitoring +met .*waived by policy: waiver: monitoring of Tests");
    }

    @Test
    void aComponentAlreadyAtTheTargetExitsZeroSayingNotApplicable() throws Exception {
        for (String target : new String[] {"production", "staging"}) {
            Run r = check("--url", url, "--component", "live-api", "--target", target);
            assertThat(r.exit()).as(r.err()).isEqualTo(0);
            assertThat(r.out()).contains("live-api → " + target + ": not_applicable").doesNotContain("READY");
            JsonNode body = new ObjectMapper().readTree(check("--url", url, "--component", "live-api", "--target", target,
                    "--output", "json").out());
            assertThat(body.path("state").asText()).isEqualTo("not_applicable");
        }
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body())
                .contains("promotiond_component_ready{component=\"live-api\",target_stage=\"production\"} 0.0")
                .contains("promotiond_component_readiness_state{component=\"live-api\",state=\"not_applicable\",target_stage=\"production\"} 1.0")
                .contains("promotiond_component_readiness_state{component=\"live-api\",state=\"ready\",target_stage=\"production\"} 0.0");
    }

    @Test
    void aWaivedCriterionIsCountedOnMetricsAndNamedInTheApi() throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body())
                .contains("promotiond_criterion_waived{component=\"ready-api\",criterion=\"latency-p95\",target_stage=\"production\"} 1.0")
                .contains("promotiond_criterion_waived{component=\"ready-api\",criterion=\"monitoring\",target_stage=\"production\"} 1.0")
                .doesNotContain("promotiond_criterion_waived{component=\"young-api\"");
        JsonNode body = new ObjectMapper().readTree(check("--url", url, "--component", "ready-api", "--target",
                "production", "--output", "json").out());
        JsonNode p95 = null;
        for (JsonNode c : body.path("criteria")) {
            if (c.path("name").asText().equals("latency-p95")) {
                p95 = c;
            }
        }
        assertThat(p95).isNotNull();
        assertThat(p95.path("state").asText()).isEqualTo("met");
        assertThat(p95.path("waivedBy").asText()).isEqualTo("waiver: ready-api latency");
        assertThat(p95.path("reason").asText()).startsWith("waived by policy: waiver: ready-api latency");
    }

    @Test
    void withoutSlisAComponentIsUnknownForProductionNeverReady() {
        Run blind = check("--url", url, "--component", "blind-api", "--target", "production");
        assertThat(blind.exit()).isEqualTo(3);
        assertThat(blind.out()).containsPattern("latency-p95 +unknown .*no SLIs configured for blind-api")
                .containsPattern("monitoring +unknown .*no health check and no uptime series configured for blind-api");
    }

    @Test
    void notReadyExitsOneAndUnknownExitsThree() {
        assertThat(check("--url", url, "--component", "young-api", "--target", "production").exit()).isEqualTo(1);
        Run blind = check("--url", url, "--component", "blind-api", "--target", "production");
        assertThat(blind.exit()).isEqualTo(3);
        assertThat(blind.out()).contains("not probed");
    }

    @Test
    void jsonOutputCarriesEveryCriterionField() throws Exception {
        Run r = check("--url", url, "--component", "young-api", "--target", "production", "--output", "json");
        JsonNode body = new ObjectMapper().readTree(r.out());
        assertThat(body.path("state").asText()).isEqualTo("not_ready");
        assertThat(body.path("criteria")).isNotEmpty();
        for (JsonNode c : body.path("criteria")) {
            assertThat(c.has("name") && c.has("state") && c.has("observed") && c.has("threshold")
                    && c.has("reason") && c.has("rule")).as(c.toString()).isTrue();
        }
    }

    @Test
    void usageAndConnectionErrorsExitTwo() throws Exception {
        assertThat(check("--url", url, "--component", "nope", "--target", "production").err())
                .contains("unknown component: nope");
        assertThat(check("--url", url, "--component", "nope", "--target", "production").exit()).isEqualTo(2);
        assertThat(check("--url", url, "--component", "ready-api", "--target", "moon").exit()).isEqualTo(2);
        assertThat(check("--url", url, "--component", "ready-api").exit()).as("missing --target").isEqualTo(2);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run refused = check("--url", "http://127.0.0.1:" + closed, "--component", "ready-api", "--target", "production",
                "--timeout", "2s");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("cannot reach http://127.0.0.1:" + closed + "/: refused");
        Run unbounded = check("--url", url, "--component", "ready-api", "--target", "production", "--timeout", "0s");
        assertThat(unbounded.exit()).isEqualTo(2);
        assertThat(unbounded.err()).contains("--timeout must be more than 0");
    }

    @Test
    void apiAnswersJsonErrorsWithStatusAndMessage() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/components/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\"");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(
                URI.create(url + "/api/v1/components/ready-api/readiness?target=qa")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("target=qa");
        HttpResponse<String> detail = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/components/ready-api")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode d = new ObjectMapper().readTree(detail.body());
        assertThat(d.path("soak").path("state").asText()).isEqualTo("ok");
        assertThat(d.path("soak").path("errorBudgetSeconds").asLong()).isEqualTo(3024);
        assertThat(d.path("uptime").path("7d").path("ratio").asDouble()).isEqualTo(1.0);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void mutatingEndpointsAreDisabledWithoutAToken() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "/api/v1/components/ready-api/hold/clear")).POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer anything").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("no token configured");
        HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "/api/v1/components/ready-api/hold/clear")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void metricsPassPromtoolLint() throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body())
                .contains("promotiond_component_ready{component=\"ready-api\",target_stage=\"production\"} 1.0")
                .contains("promotiond_component_readiness_state{component=\"blind-api\",state=\"unknown\",target_stage=\"production\"} 1.0")
                .contains("promotiond_soak_required_seconds{component=\"ready-api\"} 604800.0")
                .contains("promotiond_probe_duration_seconds_bucket")
                .contains("promotiond_build_info");
        Path file = dir.resolve("scrape.txt");
        Files.writeString(file, metrics.body());
        Process promtool = new ProcessBuilder(Tools.require("promtool"), "check", "metrics")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes());
        assertThat(promtool.waitFor()).as("promtool check metrics said:\n" + output).isEqualTo(0);
    }

    @Test
    void invalidConfigExitsTwoNamingFileAndLine() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                components:
                  - name: Bad_Name
                    stage: Prod
                """);
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run", "--config", bad.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("bad.yaml:2:").contains("bad.yaml:3:");
    }
}
