package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.testing.QuickGuardRules;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `promotiond run` in its own JVM with a firing guard page, killed with SIGKILL three times and
 * started again on the same store: Alertmanager (the real one) never sees the page resolve, and
 * its startsAt stays the original.
 */
@Timeout(240)
class AlertsSurviveKillNineTest {
    static final Path RULES = KillNineRestartTest.RULES;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GUARD = "ProductionGuardTripped";
    static final int KILLS = 3;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    Path quickRules() {
        return QuickGuardRules.copyInto(dir);
    }

    /** The one guard page Alertmanager holds, once it satisfies {@code condition} (bounded wait). */
    static JsonNode awaitPage(RealAlertmanager am, String what, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] page = new JsonNode[1];
        RealPrometheus.await(what, Duration.ofSeconds(30), () -> {
            List<JsonNode> alerts = am.alerts("alertname", GUARD);
            page[0] = alerts.size() == 1 ? alerts.get(0) : null;
            return page[0] != null && condition.test(page[0]);
        });
        return page[0];
    }

    long resolvedInLog(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/actions?component=web&limit=1000")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        long n = 0;
        for (JsonNode a : JSON.readTree(r.body()).path("items")) {
            if (a.path("kind").asText().equals("alert") && a.path("outcome").asText().equals("resolved")) {
                n++;
            }
        }
        return n;
    }

    static void kill(KillNineRestartTest.Running running) throws InterruptedException {
        running.process().destroyForcibly(); // SIGKILL: no shutdown hook, nothing closed
        running.process().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void firingGuardPageNeverResolvesAcrossThreeKillNineRestarts() throws Exception {
        try (LatencyService service = new LatencyService("200", "500");
             RealPrometheus prometheus = RealPrometheus.start(Files.createDirectories(dir.resolve("prom")),
                     Map.of("web", service.target()));
             WebhookReceiver receiver = new WebhookReceiver();
             RealAlertmanager am = RealAlertmanager.start(Files.createDirectories(dir.resolve("am")), receiver.url())) {
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
                        metrics:
                          slis:
                            error_ratio: 'max(http_requests_total{job="web",code="500"}) / max(http_requests_total{job="web",code="200"})'
                    """.formatted(quickRules(), prometheus.url(), am.url()));
            service.requests("200", 100);
            service.requests("500", 50);
            prometheus.awaitValue("http_requests_total{job=\"web\",code=\"500\"}", 50, Duration.ofSeconds(20));

            KillNineRestartTest.Running running = KillNineRestartTest.start(config);
            try {
                JsonNode page = awaitPage(am, "the guard page to fire", p -> true);
                String startsAt = page.path("startsAt").asText();
                String fingerprint = page.path("fingerprint").asText();
                long resolved = 0;
                for (int i = 1; i <= KILLS; i++) {
                    Instant endsAt = Instant.parse(awaitPage(am, "the page", p -> true).path("endsAt").asText());
                    kill(running);
                    running = KillNineRestartTest.start(config);
                    // the restarted daemon resends at once: a later endsAt, the same startsAt
                    JsonNode after = awaitPage(am, "restart " + i + " to resend the page",
                            p -> Instant.parse(p.path("endsAt").asText()).isAfter(endsAt));
                    assertThat(after.path("fingerprint").asText()).isEqualTo(fingerprint);
                    assertThat(after.path("startsAt").asText()).as("restart %d keeps startsAt", i).isEqualTo(startsAt);
                    resolved = resolvedInLog(running.port());
                }
                System.out.println("alerts resolved across " + KILLS + " kill -9 restarts: " + resolved);
                assertThat(resolved).as("alerts resolved across %d kill -9 restarts", KILLS).isZero();
                assertThat(receiver.requests()).as("no resolved notification arrived so far")
                        .noneMatch(r -> r.body().path("status").asText().equals("resolved"));
            } finally {
                kill(running);
            }
        }
    }
}
