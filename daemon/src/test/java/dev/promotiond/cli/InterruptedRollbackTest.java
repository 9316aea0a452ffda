package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.LatencyService;
import dev.promotiond.testing.QuickGuardRules;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `promotiond run` in its own JVM trips the production guard; its rollback command is still
 * sleeping when the daemon is killed with SIGKILL. The restarted daemon cannot know whether the
 * rollback took effect: it reports it {@code unknown (interrupted)}, holds the version, pages
 * (through the real Alertmanager) for a human look, and never runs the command again.
 */
@Timeout(240)
class InterruptedRollbackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** Polls (bounded) until {@code condition} holds; a failing poll counts as not yet. */
    static void await(String what, Duration max, java.util.concurrent.Callable<Boolean> condition) {
        RealPrometheus.await(what, max, () -> {
            try {
                return condition.call();
            } catch (Exception e) {
                return false;
            }
        });
    }

    static List<String> lines(Path marker) throws Exception {
        return Files.exists(marker) ? Files.readAllLines(marker) : List.of();
    }

    @Test
    void rollbackKilledMidwayIsReportedHeldAndPagedAndNeverRunAgain() throws Exception {
        Path marker = dir.resolve("rollbacks.txt");
        Path script = dir.resolve("rollback.sh");
        // one line per run (with the shell's pid, so the test can end the orphaned sleep), then a long sleep
        Files.writeString(script, "#!/bin/sh\necho \"$$ $1\" >> '" + marker + "'\nexec sleep 30\n");
        List<Long> pids = new ArrayList<>();
        try (LatencyService service = new LatencyService("200", "500");
             RealPrometheus prometheus = RealPrometheus.start(Files.createDirectories(dir.resolve("prom")),
                     Map.of("web", service.target()));
             WebhookReceiver receiver = new WebhookReceiver();
             RealAlertmanager am = RealAlertmanager.start(Files.createDirectories(dir.resolve("am")), receiver.url());
             FakeEndpoints endpoints = new FakeEndpoints()) {
            endpoints.add("web").version = "2.0";
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    evaluation_interval: 1s
                    prometheus: {url: "%s", timeout: 2s}
                    alertmanagers: [{url: "%s"}]
                    components:
                      - name: web
                        stage: Production
                        health: {url: "%s", interval: 1s, timeout: 500ms, status: /status, version: /version}
                        metrics:
                          slis:
                            error_ratio: 'max(http_requests_total{job="web",code="500"}) / max(http_requests_total{job="web",code="200"})'
                        rollback: {command: ["/bin/sh", "%s", "{version}"], timeout: 60s}
                    """.formatted(QuickGuardRules.copyInto(dir), prometheus.url(), am.url(), endpoints.url("web"),
                    script));
            service.requests("200", 100);
            service.requests("500", 50);
            prometheus.awaitValue("http_requests_total{job=\"web\",code=\"500\"}", 50, Duration.ofSeconds(20));

            KillNineRestartTest.Running running = KillNineRestartTest.start(config);
            try {
                await("the rollback command to start", Duration.ofSeconds(60),
                        () -> !lines(marker).isEmpty());
                pids.add(Long.parseLong(lines(marker).get(0).split(" ")[0]));
                AlertsSurviveKillNineTest.kill(running); // while the command sleeps
                running = KillNineRestartTest.start(config);
                int port = running.port();

                // reported: the audit log says what is known, the rollbacks row is finished
                JsonNode[] interrupted = new JsonNode[1];
                await("the interrupted rollback in the audit log", Duration.ofSeconds(30), () -> {
                    for (JsonNode a : get(port, "/api/v1/actions?component=web&limit=100").path("items")) {
                        if (a.path("kind").asText().equals("rollback")) {
                            interrupted[0] = a;
                        }
                    }
                    return interrupted[0] != null;
                });
                assertThat(interrupted[0].path("outcome").asText()).isEqualTo("unknown (interrupted)");
                assertThat(interrupted[0].path("detail").asText()).contains("2.0", "may have run", "check by hand");

                // held: production readiness names the hold
                await("the hold to show in readiness", Duration.ofSeconds(30), () -> {
                    for (JsonNode c : get(port, "/api/v1/components/web/readiness?target=production").path("criteria")) {
                        if (c.path("name").asText().equals("rollback-hold") && c.path("state").asText().equals("unmet")) {
                            return true;
                        }
                    }
                    return false;
                });

                // paged: the real Alertmanager holds a RollbackFailed page that asks for a human look
                await("the RollbackFailed page", Duration.ofSeconds(30),
                        () -> am.alerts("alertname", "RollbackFailed").size() == 1);
                JsonNode page = am.alerts("alertname", "RollbackFailed").get(0);
                assertThat(page.path("labels").path("component").asText()).isEqualTo("web");
                assertThat(page.path("annotations").path("description").asText())
                        .contains("interrupted: it may have run; check by hand");

                // counted: the actions counter carries the outcome
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).containsPattern(
                        "promotiond_actions_total\\{[^}]*outcome=\"unknown \\(interrupted\\)\"[^}]*} 1");

                // never run again: the guard keeps asking (its 2 s debounce passes in the restarted
                // daemon), the claim on disk refuses; give it several cycles beyond the debounce
                Instant first = Instant.parse(get(port, "/api/v1/components/web").path("evaluatedAt").asText());
                await("five seconds of evaluations after the restart", Duration.ofSeconds(30), () ->
                        Instant.parse(get(port, "/api/v1/components/web").path("evaluatedAt").asText())
                                .isAfter(first.plusSeconds(5)));
                assertThat(get(port, "/api/v1/actions?component=web&limit=100").path("items").findValuesAsText("kind"))
                        .filteredOn("rollback"::equals).hasSize(1);
                List<String> runs = lines(marker);
                runs.forEach(l -> pids.add(Long.parseLong(l.split(" ")[0])));
                System.out.println("rollback command runs across a kill -9 mid-rollback: " + runs.size());
                assertThat(runs).as("the rollback command ran once").hasSize(1);
            } finally {
                AlertsSurviveKillNineTest.kill(running);
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            }
        }
    }
}
