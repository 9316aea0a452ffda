package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.QuickGuardRules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `promotiond run` in its own JVM with a rule that spins hot-loaded: the store keeps writing probes
 * while the rule spins, so a SIGKILL in the middle of the spin loses at most the last flush (1 s).
 * Before evaluation had its own thread, flushes waited behind the spinning cycle and a kill lost
 * every probe since the spin began.
 */
class KillNineDuringSpinTest {
    static final String SPINNING = """
            package promotiond.rules;
            import dev.promotiond.facts.*;
            rule "spin for a minute"
            when
                Component()
            then
                long end = System.currentTimeMillis() + 60000;
                while (System.currentTimeMillis() < end) { }
            end
            """;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void killDuringASpinningRuleLosesAtMostTheLastFlushOfProbes() throws Exception {
        try (FakeEndpoints endpoints = new FakeEndpoints()) {
            FakeEndpoints.State api = endpoints.add("api");
            Path rules = QuickGuardRules.copyInto(dir);
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    evaluation_interval: 1s
                    components:
                      - name: api
                        stage: Staging
                        health: {url: "%s", interval: 1s, timeout: 500ms, status: /status, version: /version}
                    """.formatted(rules, endpoints.url("api")));
            KillNineRestartTest.Running daemon = KillNineRestartTest.start(config);
            long answeredAtKill;
            try {
                await("a few probes", () -> api.answered.get() >= 3);
                Files.writeString(rules.resolve("spin.drl"), SPINNING);
                await("the spinning cycle to be abandoned",
                        () -> metric(daemon.port(), "promotiond_evaluation_abandoned_total") >= 1);
                long spinningSince = api.answered.get();
                await("five more probes while the rule spins", () -> api.answered.get() >= spinningSince + 5);
            } finally {
                daemon.process().destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
                daemon.process().waitFor(30, TimeUnit.SECONDS);
                answeredAtKill = api.answered.get();
            }
            long stored = storedProbes();
            System.out.println("kill -9 during a spinning rule: " + stored + " probes stored of " + answeredAtKill
                    + " answered");
            assertThat(stored).as("probes stored of %d answered (1 s interval, 1 s flush)", answeredAtKill)
                    .isGreaterThanOrEqualTo(answeredAtKill - 2);
        }
    }

    long storedProbes() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
             ResultSet r = c.createStatement().executeQuery("SELECT (SELECT coalesce(sum(probes), 0) FROM probe_runs) + (SELECT coalesce(sum(probes), 0) FROM open_runs)")) {
            return r.getLong(1);
        }
    }

    double metric(int port, String name) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Polls every 100 ms for at most 60 s. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for %s", what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
