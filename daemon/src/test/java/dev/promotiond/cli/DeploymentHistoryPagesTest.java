package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.app.Daemon;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.testing.RulesCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI follows the API's {@code next} cursors: a history longer than one page is printed whole. */
class DeploymentHistoryPagesTest {
    @TempDir
    Path dir;

    @Test
    void deploymentHistoryFollowsEveryPage() throws Exception {
        Path rules = RulesCopy.into(dir.resolve("rules"));
        Path file = dir.resolve("promotiond.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: %s
                components:
                  - name: web
                    stage: Staging
                """.formatted(rules));
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        int n = 1_205;  // more than the CLI's page of 1,000
        try (Daemon d = new Daemon(ConfigLoader.load(file), clock, new HttpHealthProbe(clock, 1),
                () -> DroolsRuleEngine.compile(rules), "test")) {
            d.start();
            d.started().get(60, java.util.concurrent.TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                d.intake().deploy("web", "Staging", "1.0." + i, "deployment", clock.instant().minusSeconds(n - i));
            }
            CheckAgainstRunningDaemonTest.Run r = CliConventionsTest.execute(List.of("deployment", "history",
                    "--component", "web", "--url", "http://127.0.0.1:" + d.port(), "--output", "json"));
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode all = new ObjectMapper().readTree(r.out());
            List<String> versions = all.findValuesAsText("version").stream().filter(v -> v.startsWith("1.0.")).toList();
            assertThat(versions).hasSize(n).doesNotHaveDuplicates();
            assertThat(versions.get(0)).isEqualTo("1.0.0");
            assertThat(versions.get(n - 1)).isEqualTo("1.0." + (n - 1));
        }
    }

    /** A daemon older than the list envelopes answers a bare array: the CLI takes it as the whole list. */
    @Test
    void aDaemonWithoutEnvelopesStillAnswersTheHistory() throws Exception {
        com.sun.net.httpserver.HttpServer old = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        old.createContext("/", ex -> {
            asked.add(ex.getRequestURI().getPath());
            byte[] body = """
                    [{"at":"2026-03-01T10:00:00Z","kind":"deployment","stage":"Staging","version":"0.9.0"},
                     {"at":"2026-03-01T11:00:00Z","kind":"promotion","stage":"Production","version":"0.9.0"}]
                    """.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        old.start();
        try {
            CheckAgainstRunningDaemonTest.Run r = CliConventionsTest.execute(List.of("deployment", "history",
                    "--component", "web", "--url", "http://127.0.0.1:" + old.getAddress().getPort(), "--output", "json"));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(new ObjectMapper().readTree(r.out()).findValuesAsText("kind")).containsExactly("deployment", "promotion");
            assertThat(asked).as("one request: the answer was the whole list").hasSize(1);
        } finally {
            old.stop(0);
        }
    }
}
