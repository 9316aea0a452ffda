package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.app.Daemon;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.LocalProcesses;
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
 * When probes fail, `check`, the API and the status page say why in the probe's own words ("refused",
 * "status 503"), not through a symptom such as "no version in the health response".
 */
class ProbeFailureReasonTest {
    private static final String SYMPTOM = "no version in the health response";
    @TempDir
    static Path dir;
    static FakeEndpoints endpoints;
    static Daemon daemon;
    static String url;

    @BeforeAll
    static void startDaemon() throws Exception {
        endpoints = new FakeEndpoints();
        FakeEndpoints.State failing = endpoints.add("failing-api");
        failing.healthy = false;  // 503 with {"status":"failing","version":"2.0.0"}
        failing.version = "2.0.0";
        Path config = dir.resolve("promotiond.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: %s
                components:
                  - name: refused-api
                    stage: Development
                    health: {url: "http://127.0.0.1:%d/health", interval: 10m, status: /status, version: /version}
                  - name: failing-api
                    stage: Staging
                    health: {url: "%s", interval: 10m, status: /status, version: /version}
                """.formatted(CheckAgainstRunningDaemonTest.RULES, LocalProcesses.freePort(),
                endpoints.url("failing-api")));
        DaemonConfig cfg = ConfigLoader.load(config);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
        HttpHealthProbe probe = new HttpHealthProbe(clock, 4);
        daemon = new Daemon(cfg, clock, probe, DroolsRuleEngine.compile(CheckAgainstRunningDaemonTest.RULES), "test");
        daemon.open();
        for (int i = 0; i < 3; i++) {
            ProbeScheduler.probeAndWait(probe, cfg.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
            clock.advance(Duration.ofMinutes(10));
        }
        daemon.start();
        url = "http://127.0.0.1:" + daemon.port();
    }

    @AfterAll
    static void stop() {
        daemon.close();
        endpoints.close();
    }

    @Test
    void checkSaysTheProbeWasRefusedRatherThanThatNoVersionWasReported() {
        CheckAgainstRunningDaemonTest.Run r = CheckAgainstRunningDaemonTest.check("--url", url, "--component",
                "refused-api", "--target", "staging");

        assertThat(r.out()).contains("the health probe fails (refused)").doesNotContain(SYMPTOM);
    }

    @Test
    void versionInA503BodyIsStillReadAndTheStatusIsTheReason() {
        CheckAgainstRunningDaemonTest.Run r = CheckAgainstRunningDaemonTest.check("--url", url, "--component",
                "failing-api", "--target", "production");

        assertThat(r.out()).contains("version 2.0.0").contains("the last probe failed: status 503");
    }

    @Test
    void apiAndStatusPageCarryTheProbeReason() throws Exception {
        JsonNode readiness = new ObjectMapper().readTree(get("/api/v1/components/refused-api/readiness?target=staging"));
        JsonNode detail = new ObjectMapper().readTree(get("/api/v1/components/refused-api"));
        String page = get("/");

        assertThat(readiness.toString()).contains("the health probe fails (refused)").doesNotContain(SYMPTOM);
        assertThat(detail.path("lastProbe").path("reason").asText()).isEqualTo("refused");
        assertThat(page).contains("the health probe fails (refused)").doesNotContain(SYMPTOM)
                .contains("the last probe failed: status 503");
    }

    private static String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
