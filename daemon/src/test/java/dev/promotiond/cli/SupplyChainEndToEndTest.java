package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.app.Daemon;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.OneComponentDaemon;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI pushes dependency scans, outdated lists and blocker lists to a running daemon over its HTTP
 * API, and the Production criteria of a Staging component name what fails, after a restart too.
 */
class SupplyChainEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    FakeEndpoints endpoints;
    FakeEndpoints.State svc;
    Daemon daemon;
    ManualClock clock;
    HttpHealthProbe probe;
    DaemonConfig config;
    String url;
    OneComponentDaemon served;

    @BeforeEach
    void start() throws Exception {
        endpoints = new FakeEndpoints();
        svc = endpoints.add("svc");
        svc.version = "2.0.0";
        clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
        served = OneComponentDaemon.in(dir).stage("Staging").health(endpoints.url("svc")).clock(clock).write();
        config = served.config();
        open();
    }

    /** Opens a daemon on the same store; after {@code daemon.close()} that is a restart (a new probe too). */
    void open() throws Exception {
        daemon = served.open();
        probe = served.probe();
        ProbeScheduler.probeAndWait(probe, config.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        url = served.start();
    }

    @AfterEach
    void stop() {
        served.close();
        endpoints.close();
    }

    HttpResponse<String> push(String version, String kind, String file, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/components/svc/evidence?version=" + version
                        + "&kind=" + kind + "&file=" + URLEncoder.encode(file, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer s3cret-token")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> pushSample(String version, String kind, String sample) throws Exception {
        HttpResponse<String> r = push(version, kind, sample, sample(sample));
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return r;
    }

    static byte[] sample(String name) throws Exception {
        try (InputStream in = SupplyChainEndToEndTest.class.getResourceAsStream("/evidence/" + name)) {
            return in.readAllBytes();
        }
    }

    JsonNode criterion(String name) throws Exception {
        daemon.evaluations().evaluate();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url
                + "/api/v1/components/svc/readiness?target=production")).build(), HttpResponse.BodyHandlers.ofString());
        return EvidenceEndToEndTest.criterion(JSON.readTree(r.body()), name);
    }

    @Test
    void pipAuditFindingsWithoutSeverityFailTheCriterionNamingEachIdEvenAfterARestart() throws Exception {
        assertThat(criterion("dependency-vulnerabilities").path("state").asText()).isEqualTo("unknown");

        pushSample("2.0.0", "vulnerabilities", "pip-audit.json");
        JsonNode unmet = criterion("dependency-vulnerabilities");
        assertThat(unmet.path("state").asText()).isEqualTo("unmet");
        assertThat(unmet.path("observed").asText()).isEqualTo("0 critical, 0 high, 0 medium, 0 low, 3 unknown");
        assertThat(unmet.path("reason").asText())
                .contains("3 of unknown severity, counted as CRITICAL because the report does not rank them")
                .contains("GHSA-h5c8-rqwp-cp95 (jinja2 3.1.2)").contains("PYSEC-2024-60 (requests 2.31.0)")
                .contains("pip-audit, version 2.0.0");

        daemon.close();
        open();
        assertThat(criterion("dependency-vulnerabilities").path("reason").asText())
                .contains("GHSA-h5c8-rqwp-cp95 (jinja2 3.1.2)");

        pushSample("2.0.0", "vulnerabilities", "osv-scanner.json");
        JsonNode critical = criterion("dependency-vulnerabilities");
        assertThat(critical.path("state").asText()).isEqualTo("unmet");
        assertThat(critical.path("reason").asText()).contains("critical GHSA-8q59-q68h-6hv4/PYSEC-2021-142 (pyyaml 5.3)")
                .contains("unknown PYSEC-2023-301").doesNotContain("gunicorn");

        pushSample("2.0.0", "vulnerabilities", "osv-scanner-clean.json");
        assertThat(criterion("dependency-vulnerabilities").path("state").asText()).isEqualTo("met");
    }

    @Test
    void outdatedDependenciesAndOpenBlockersAreNamedAndEmptyListsMeetTheCriteria() throws Exception {
        pushSample("2.0.0", "outdated", "npm-outdated.json");
        HttpResponse<String> accepted = pushSample("2.0.0", "blockers", "blockers.json");
        assertThat(JSON.readTree(accepted.body()).path("notes").get(0).asText())
                .isEqualTo("OPS-12 Change freeze until the payment audit closes");
        JsonNode outdated = criterion("dependencies-up-to-date");
        assertThat(outdated.path("state").asText()).isEqualTo("unmet");
        assertThat(outdated.path("reason").asText()).startsWith("3 dependencies have a newer release")
                .contains("express 4.18.2 → 4.21.1").contains("react (not installed) → 18.3.1");
        JsonNode blockers = criterion("promotion-blockers");
        assertThat(blockers.path("state").asText()).isEqualTo("unmet");
        assertThat(blockers.path("reason").asText()).contains("2 open promotion blockers: OPS-12 Change freeze until"
                + " the payment audit closes, 4711 Checkout: card retries double-charge on timeout");

        assertThat(push("2.0.0", "outdated", "outdated.json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isBetween(200, 299);
        assertThat(push("2.0.0", "blockers", "blockers.json", "[]".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isBetween(200, 299);
        assertThat(criterion("dependencies-up-to-date").path("state").asText()).isEqualTo("met");
        assertThat(criterion("promotion-blockers").path("state").asText()).isEqualTo("met");

        svc.version = "2.1.0";
        ProbeScheduler.probeAndWait(probe, config.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        JsonNode stale = criterion("promotion-blockers");
        assertThat(stale.path("state").asText()).isEqualTo("unknown");
        assertThat(stale.path("reason").asText()).contains("version 2.0.0, not the running 2.1.0");
    }

    @Test
    void aMalformedScanIsRejectedNamingThePlaceAndStoresNothing() throws Exception {
        HttpResponse<String> r = push("2.0.0", "vulnerabilities", "osv.json", sample("osv-scanner-bad-group.json"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("osv.json").contains("results[0].packages[0].groups[0]");
        HttpResponse<String> wrongKind = push("2.0.0", "blockers", "audit.json", sample("pip-audit.json"));
        assertThat(wrongKind.statusCode()).isEqualTo(400);
        assertThat(wrongKind.body()).contains("kind blockers expects");
        assertThat(criterion("dependency-vulnerabilities").path("state").asText()).isEqualTo("unknown");
        assertThat(criterion("promotion-blockers").path("reason").asText()).isEqualTo("no blockers evidence received");
    }
}
