package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.app.Daemon;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.OneComponentDaemon;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.testing.PassingEvidence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release engineer's view: CI pushes reports with {@code promotiond evidence push}, a component
 * becomes ready for Staging as the evidence arrives, and falls back to unknown when a newer version
 * runs without evidence. Real daemon, real HTTP, real SQLite.
 */
class EvidenceEndToEndTest {
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
    Path token;
    OneComponentDaemon served;

    @BeforeEach
    void start() throws Exception {
        endpoints = new FakeEndpoints();
        svc = endpoints.add("svc");
        clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
        served = OneComponentDaemon.in(dir).health(endpoints.url("svc")).clock(clock).write();
        token = served.tokenFile();
        config = served.config();
        open();
        probeOnce();
        url = served.start();
    }

    /** A new daemon (and probe) on the same store, opened, not serving yet. */
    void open() throws Exception {
        daemon = served.open();
        probe = served.probe();
    }

    @AfterEach
    void stop() {
        served.close();
        endpoints.close();
    }

    void probeOnce() {
        ProbeScheduler.probeAndWait(probe, config.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
    }

    Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    CheckAgainstRunningDaemonTest.Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CheckAgainstRunningDaemonTest.Run(exit, out.toString(), err.toString());
    }

    CheckAgainstRunningDaemonTest.Run push(String version, String kind, Path... files) {
        String[] head = {"evidence", "push", "--url", url, "--component", "svc", "--version", version, "--kind", kind,
            "--token-file", token.toString()};
        String[] all = new String[head.length + files.length];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < files.length; i++) {
            all[head.length + i] = files[i].toString();
        }
        return cli(all);
    }

    JsonNode readiness(String target) throws Exception {
        daemon.evaluations().evaluate();
        return get("/api/v1/components/svc/readiness?target=" + target);
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The items of a list answer, which must be 200 with an items array (an error body has none). */
    JsonNode items(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode items = JSON.readTree(r.body()).path("items");
        assertThat(items.isArray()).as(r.body()).isTrue();
        return items;
    }

    static JsonNode criterion(JsonNode readiness, String name) {
        for (JsonNode c : readiness.path("criteria")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no criterion " + name + " in " + readiness.toPrettyString());
    }

    @Test
    void componentBecomesReadyForStagingAsEvidenceArrivesAndUnknownWhenANewVersionRuns() throws Exception {
        JsonNode before = readiness("staging");
        assertThat(before.path("state").asText()).isEqualTo("unknown");
        assertThat(criterion(before, "unit-coverage").path("reason").asText()).contains("no unit evidence received");

        CheckAgainstRunningDaemonTest.Run unit = push("1.0.0", "unit", write("junit.xml", PassingEvidence.JUNIT),
                write("coverage.xml", PassingEvidence.COBERTURA));
        assertThat(unit.exit()).as(unit.err()).isZero();
        assertThat(unit.out()).contains("accepted unit evidence").contains("line_coverage_percent = 90.0");
        JsonNode partly = readiness("staging");
        assertThat(criterion(partly, "unit-coverage").path("state").asText()).isEqualTo("met");
        assertThat(criterion(partly, "unit-coverage").path("observed").asText()).isEqualTo("90% (90/100 lines)");
        assertThat(criterion(partly, "unit-tests").path("state").asText()).isEqualTo("met");
        assertThat(partly.path("state").asText()).isEqualTo("unknown");

        assertThat(push("1.0.0", "lint", write("ruff.json", PassingEvidence.RUFF)).exit()).isZero();
        assertThat(push("1.0.0", "types", write("pyright.json", PassingEvidence.PYRIGHT)).exit()).isZero();
        assertThat(push("1.0.0", "security", write("bandit.json", PassingEvidence.BANDIT)).exit()).isZero();
        assertThat(push("1.0.0", "docs", write("docs.json", PassingEvidence.DOCS)).exit()).isZero();
        JsonNode blocked = readiness("staging");
        assertThat(blocked.path("state").asText()).isEqualTo("unknown");
        assertThat(criterion(blocked, "promotion-blockers").path("reason").asText())
                .isEqualTo("no blockers evidence received");
        assertThat(push("1.0.0", "blockers", write("blockers.json", "[]")).exit()).isZero();
        JsonNode ready = readiness("staging");
        assertThat(ready.path("state").asText()).as(ready.toPrettyString()).isEqualTo("ready");
        assertThat(cli("check", "--url", url, "--component", "svc", "--target", "staging").exit()).isZero();

        svc.version = "1.1.0";
        probeOnce();
        JsonNode stale = readiness("staging");
        assertThat(stale.path("version").asText()).isEqualTo("1.1.0");
        assertThat(stale.path("state").asText()).isEqualTo("unknown");
        assertThat(criterion(stale, "unit-coverage").path("reason").asText())
                .contains("stale").contains("version 1.0.0").contains("1.1.0");
        assertThat(cli("check", "--url", url, "--component", "svc", "--target", "staging").exit()).isEqualTo(3);
    }

    @Test
    void evidencePushedForTheNextVersionLeavesTheRunningVersionsVerdictAloneAndCountsOnceItIsDeployed()
            throws Exception {
        for (String[] kind : new String[][] {{"unit", "junit.xml"}, {"lint", "ruff.json"}, {"types", "pyright.json"},
                {"security", "bandit.json"}, {"docs", "docs.json"}, {"blockers", "blockers.json"}}) {
            Path[] files = switch (kind[0]) {
                case "unit" -> new Path[] {write("junit.xml", PassingEvidence.JUNIT),
                    write("coverage.xml", PassingEvidence.COBERTURA)};
                case "lint" -> new Path[] {write("ruff.json", PassingEvidence.RUFF)};
                case "types" -> new Path[] {write("pyright.json", PassingEvidence.PYRIGHT)};
                case "security" -> new Path[] {write("bandit.json", PassingEvidence.BANDIT)};
                case "blockers" -> new Path[] {write("blockers.json", PassingEvidence.BLOCKERS)};
                default -> new Path[] {write("docs.json", PassingEvidence.DOCS)};
            };
            assertThat(push("1.0.0", kind[0], files).exit()).isZero();
        }
        JsonNode before = readiness("staging");
        assertThat(before.path("state").asText()).as(before.toPrettyString()).isEqualTo("ready");

        // CI builds 1.1.0 and pushes its reports before anyone deploys it: its unit tests fail
        Path failing = write("junit-1.1.0.xml", """
                <testsuite name="pytest" tests="2" failures="1" errors="0" skipped="0">
                  <testcase classname="t" name="a"/><testcase classname="t" name="b"><failure message="boom"/></testcase>
                </testsuite>
                """);
        assertThat(push("1.1.0", "unit", failing, write("coverage-1.1.0.xml", PassingEvidence.COBERTURA)).exit())
                .isZero();
        assertThat(push("1.1.0", "lint", write("ruff-1.1.0.json", PassingEvidence.RUFF)).exit()).isZero();
        JsonNode after = readiness("staging");
        assertThat(after.path("version").asText()).isEqualTo("1.0.0");
        assertThat(after.path("state").asText()).as(after.toPrettyString()).isEqualTo("ready");
        for (String name : new String[] {"unit-coverage", "unit-tests", "lint"}) {
            assertThat(criterion(after, name).path("state")).isEqualTo(criterion(before, name).path("state"));
            assertThat(criterion(after, name).path("reason")).isEqualTo(criterion(before, name).path("reason"));
        }
        assertThat(cli("check", "--url", url, "--component", "svc", "--target", "staging").exit()).isZero();
        JsonNode shown = get("/api/v1/components/svc").path("evidence");
        assertThat(shown.toString()).doesNotContain("1.1.0");
        assertThat(shown.findValuesAsText("kind")).containsExactly("blockers", "docs", "lint", "security", "types", "unit");
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("promotiond_evidence_current{component=\"svc\",kind=\"unit\"} 1.0");

        // 1.1.0 is deployed: the health endpoint says so, and 1.1.0 is judged on what was pushed for it
        svc.version = "1.1.0";
        probeOnce();
        JsonNode deployed = readiness("staging");
        assertThat(deployed.path("version").asText()).isEqualTo("1.1.0");
        assertThat(criterion(deployed, "unit-tests").path("state").asText()).isEqualTo("unmet");
        assertThat(criterion(deployed, "unit-tests").path("reason").asText()).contains("version 1.1.0");
        assertThat(criterion(deployed, "unit-coverage").path("state").asText()).isEqualTo("met");
        assertThat(criterion(deployed, "lint").path("state").asText()).isEqualTo("met");
        assertThat(criterion(deployed, "type-check").path("state").asText()).isEqualTo("unknown");
        assertThat(criterion(deployed, "type-check").path("reason").asText())
                .contains("version 1.0.0").contains("not the running 1.1.0");
        assertThat(deployed.path("state").asText()).isEqualTo("not_ready");
        assertThat(cli("check", "--url", url, "--component", "svc", "--target", "staging").exit()).isEqualTo(1);

        // after a restart, each version still has its own evidence: rolled back to 1.0.0, it is ready again
        restart();
        svc.version = "1.0.0";
        probeOnce();
        JsonNode rolledBack = readiness("staging");
        assertThat(rolledBack.path("version").asText()).isEqualTo("1.0.0");
        assertThat(rolledBack.path("state").asText()).as(rolledBack.toPrettyString()).isEqualTo("ready");
        svc.version = "1.1.0";
        probeOnce();
        assertThat(criterion(readiness("staging"), "unit-tests").path("state").asText()).isEqualTo("unmet");
    }

    void restart() throws Exception {
        daemon.close(); // closes the probe too
        open();
        url = served.start();
    }

    /** Real bandit reports: high-severity findings fail the scan, medium ones only warn (the guide says "critical"). */
    @Test
    void banditHighFindingsFailTheScanAndMediumOnesAreAWarning() throws Exception {
        assertThat(push("1.0.0", "security", sample("bandit-medium-only.json")).exit()).isZero();
        JsonNode medium = criterion(readiness("staging"), "security-scan");
        assertThat(medium.path("state").asText()).isEqualTo("met");
        assertThat(medium.path("observed").asText()).isEqualTo("0 high, 2 medium, 5 low");
        assertThat(medium.path("reason").asText()).contains("warning: 2 medium-severity findings");

        assertThat(push("1.0.0", "security", sample("bandit.json")).exit()).isZero();
        JsonNode high = criterion(readiness("staging"), "security-scan");
        assertThat(high.path("state").asText()).isEqualTo("unmet");
        assertThat(high.path("observed").asText()).isEqualTo("2 high, 2 medium, 3 low");
        assertThat(high.path("reason").asText()).contains("2 findings of HIGH severity");
    }

    Path sample(String name) throws Exception {
        try (var in = getClass().getResourceAsStream("/evidence/" + name)) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void failingTestsMakeTheCriterionUnmetWithCounts() throws Exception {
        Path junit = write("junit.xml", """
                <testsuite name="pytest" tests="4" failures="1" errors="0" skipped="1">
                  <testcase classname="t" name="a"/><testcase classname="t" name="b"><failure message="boom"/></testcase>
                  <testcase classname="t" name="c"><skipped/></testcase><testcase classname="t" name="d"/>
                </testsuite>
                """);
        assertThat(push("1.0.0", "unit", junit).exit()).isZero();
        JsonNode r = readiness("staging");
        JsonNode tests = criterion(r, "unit-tests");
        assertThat(tests.path("state").asText()).isEqualTo("unmet");
        assertThat(tests.path("observed").asText()).isEqualTo("2 passed, 1 failed, 1 skipped");
        assertThat(r.path("state").asText()).isEqualTo("not_ready");
        assertThat(criterion(r, "unit-coverage").path("reason").asText()).contains("no coverage report");
    }

    @Test
    void hostileOrBrokenUploadsAreRejectedAndStoreNothing() throws Exception {
        assertThat(push("1.0.0", "unit", write("junit.xml", PassingEvidence.JUNIT)).exit()).isZero();
        Path xxe = write("evil.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE testsuite [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <testsuite name="x" tests="1">&x;</testsuite>
                """);
        // straight to the API, so the daemon's own checks are what is tested (the CLI checks locally too)
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url
                        + "/api/v1/components/svc/evidence?version=2.0.0&kind=unit&file=evil.xml"))
                .header("Authorization", "Bearer s3cret-token")
                .POST(HttpRequest.BodyPublishers.ofFile(xxe)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("evil.xml").contains("nothing was stored").doesNotContain("root:");
        HttpResponse<String> truncated = HTTP.send(HttpRequest.newBuilder(URI.create(url
                        + "/api/v1/components/svc/evidence?version=2.0.0&kind=unit&file=cut.xml"))
                .header("Authorization", "Bearer s3cret-token")
                .POST(HttpRequest.BodyPublishers.ofString(PassingEvidence.JUNIT.substring(0, 120))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(truncated.body()).contains("cut.xml");
        String multipart = "--cut\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n2.0.0\r\n--cut\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"junit.xml\"\r\n\r\n"
                + PassingEvidence.JUNIT.substring(0, 120);
        HttpResponse<String> cutMultipart = HTTP.send(HttpRequest.newBuilder(URI.create(url
                        + "/api/v1/components/svc/evidence?kind=unit"))
                .header("Authorization", "Bearer s3cret-token")
                .header("Content-Type", "multipart/form-data; boundary=cut")
                .POST(HttpRequest.BodyPublishers.ofString(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cutMultipart.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(cutMultipart.body()).path("error").asText())
                .isEqualTo("multipart part 2 (file) is not terminated by the boundary (truncated upload?)");
        CheckAgainstRunningDaemonTest.Run mixed = push("2.0.0", "lint", write("junit2.xml", PassingEvidence.JUNIT));
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.err()).contains("junit2.xml").contains("lint");

        JsonNode log = items("/api/v1/components/svc/evidence");
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.get(0).path("version").asText()).isEqualTo("1.0.0");
        assertThat(log.get(0).path("files").get(0).asText()).startsWith("junit.xml junit ");
    }

    @Test
    void uploadsNeedTheToken() throws Exception {
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(url
                        + "/api/v1/components/svc/evidence?version=1.0.0&kind=lint"))
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(url
                        + "/api/v1/components/svc/deployments"))
                .header("Authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stage\":\"Staging\",\"version\":\"1.0.0\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(items("/api/v1/components/svc/evidence").size()).isZero();
    }

    @Test
    void deploymentRecordsMoveTheComponentShowDriftAndStartTheSoak() throws Exception {
        HttpResponse<String> bad = postDeployment("{\"stage\":\"Prod\",\"version\":\"1.0.0\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("stage").contains("Prod");
        Instant at = clock.instant().minusSeconds(5);
        HttpResponse<String> ok = postDeployment("{\"stage\":\"Staging\",\"version\":\"1.0.0\",\"at\":\"" + at + "\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(JSON.readTree(ok.body()).path("kind").asText()).isEqualTo("promotion");
        probeOnce();
        daemon.evaluations().evaluate();
        JsonNode detail = get("/api/v1/components/svc");
        assertThat(detail.path("stage").asText()).isEqualTo("staging");
        assertThat(detail.path("stages").path("declared").asText()).isEqualTo("development");
        assertThat(detail.path("stages").path("recorded").asText()).isEqualTo("staging");
        assertThat(detail.path("stages").path("drift").asBoolean()).isTrue();
        assertThat(detail.path("soak").path("stage").asText()).isEqualTo("staging");
        assertThat(detail.path("soak").path("startedAt").asText()).isEqualTo(at.toString());
        JsonNode history = items("/api/v1/components/svc/history");
        assertThat(history.toString()).contains("\"kind\":\"promotion\"");
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("promotiond_stage_drift{component=\"svc\"} 1.0");
    }

    @Test
    void deploymentCliRecordsWhatThePipelineDidAndListsTheHistory() throws Exception {
        String[] base = {"deployment", "record", "--url", url, "--component", "svc"};
        CheckAgainstRunningDaemonTest.Run noToken = cli(concat(base, "--stage", "Staging", "--version", "1.0.0"));
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err()).contains("HTTP 401");
        CheckAgainstRunningDaemonTest.Run badStage = cli(concat(base, "--stage", "Prod", "--version", "1.0.0",
                "--token-file", token.toString()));
        assertThat(badStage.exit()).isEqualTo(2);
        assertThat(badStage.err()).contains("HTTP 400").contains("Prod");
        CheckAgainstRunningDaemonTest.Run badTime = cli(concat(base, "--stage", "Staging", "--version", "1.0.0",
                "--at", "yesterday", "--token-file", token.toString()));
        assertThat(badTime.exit()).isEqualTo(2);
        assertThat(badTime.err()).contains("--at yesterday");
        assertThat(get("/api/v1/components/svc/history").toString()).doesNotContain("promotion");

        Instant at = clock.instant().minusSeconds(30);
        CheckAgainstRunningDaemonTest.Run ok = cli(concat(base, "--stage", "Staging", "--version", "1.0.0",
                "--at", at.toString(), "--token-file", token.toString()));
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("recorded promotion of svc 1.0.0 to staging at " + at + System.lineSeparator());
        probeOnce();
        daemon.evaluations().evaluate();
        assertThat(get("/api/v1/components/svc").path("soak").path("startedAt").asText()).isEqualTo(at.toString());

        CheckAgainstRunningDaemonTest.Run text = cli("deployment", "history", "--url", url, "--component", "svc");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("AT").containsPattern(at + "\\s+promotion\\s+staging\\s+1\\.0\\.0");
        CheckAgainstRunningDaemonTest.Run json = cli("deployment", "history", "--url", url, "--component", "svc",
                "--output", "json");
        assertThat(JSON.readTree(json.out()).toString()).contains("\"kind\":\"promotion\"");
        assertThat(cli("deployment", "history", "--url", url, "--component", "nope").err()).contains("HTTP 404");
    }

    static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void reportIsAMarkdownPromotionRequestWithMeasuredValues() throws Exception {
        PassingEvidence.forStaging(daemon, "svc", "1.0.0");
        daemon.evaluations().evaluate();
        CheckAgainstRunningDaemonTest.Run r = cli("report", "--url", url, "--component", "svc", "--target", "staging");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("# Promotion request: svc → Staging")
                .contains("| Readiness | READY |")
                .contains("- [x] **unit-coverage**")
                .contains("## Test results").contains("| unit | 1.0.0 | pytest+coverage.py | 3 | 0 | 0 | 90% |")
                .contains("## Security").contains("0 high, 0 medium, 0 low")
                .contains("## Blockers").contains("None: every criterion is met.");
    }

    @Test
    void explainSaysWhichEvidenceWasStaleAndEveryResultCarriesItsFacts() throws Exception {
        assertThat(push("1.0.0", "unit", write("junit.xml", PassingEvidence.JUNIT),
                write("coverage.xml", PassingEvidence.COBERTURA)).exit()).isZero();
        JsonNode met = criterion(readiness("staging"), "unit-coverage");
        assertThat(met.path("rule").asText()).isEqualTo("unit coverage");
        assertThat(met.path("facts").get(0).path("fact").asText()).isEqualTo("Evidence unit");
        assertThat(met.path("facts").get(0).path("value").asText()).contains("version 1.0.0");
        assertThat(met.path("facts").get(0).path("at").asText()).isNotEmpty();
        assertThat(met.has("missing")).as("only with ?explain=true").isFalse();

        svc.version = "1.1.0";
        probeOnce();
        daemon.evaluations().evaluate();
        JsonNode explained = get("/api/v1/components/svc/readiness?target=staging&explain=true");
        JsonNode stale = criterion(explained, "unit-coverage");
        assertThat(stale.path("state").asText()).isEqualTo("unknown");
        assertThat(stale.path("missing").get(0).path("status").asText()).isEqualTo("stale");
        assertThat(stale.path("missing").get(0).path("detail").asText())
                .isEqualTo("for version 1.0.0, not the running 1.1.0");
        JsonNode lint = criterion(explained, "lint");
        assertThat(lint.path("missing").get(0).path("status").asText()).isEqualTo("missing");
        assertThat(lint.path("missing").get(0).path("detail").asText()).isEqualTo("no lint evidence received");
        JsonNode order = criterion(explained, "stage-order");
        assertThat(order.path("facts").get(0).path("value").asText()).isEqualTo("Development");
    }

    HttpResponse<String> postDeployment(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/components/svc/deployments"))
                .header("Authorization", "Bearer s3cret-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
