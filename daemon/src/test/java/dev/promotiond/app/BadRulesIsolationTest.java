package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.testing.FakeEndpoints;
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
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Rules are trusted code, but a careless save must not take the daemon down with it: a rule that
 * recurses or spins is caught, counted and logged, the store keeps writing probes, /readyz says the
 * decisions went stale, and evaluation resumes once the file is fixed. Real daemon, real HTTP,
 * real store, a copy of the repository's rules plus one bad file.
 */
class BadRulesIsolationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Recurses until the stack overflows: a StackOverflowError, not an exception. */
    static final String RECURSING = """
            package promotiond.rules;
            import dev.promotiond.facts.*;
            function long deeper(long n) { return deeper(n + 1) + 1; }
            rule "recurse forever"
            when
                Component()
            then
                deeper(0);
            end
            """;
    /** A Java loop in a consequence, deaf to halt and interrupt; it ends by itself after 20 s so the test JVM cools down. */
    static final String SPINNING = """
            package promotiond.rules;
            import dev.promotiond.facts.*;
            rule "spin forever"
            when
                Component()
            then
                long end = System.currentTimeMillis() + 20000;
                while (System.currentTimeMillis() < end) { }
            end
            """;

    @TempDir
    Path dir;
    Path rules;
    FakeEndpoints endpoints;
    ManualClock clock;
    Daemon daemon;
    String url;
    ListAppender<ILoggingEvent> log = new ListAppender<>();

    /** Starts a daemon evaluating every second; {@code extra} is added to the rules folder first (null: none). */
    void start(String extra) throws Exception {
        rules = Files.createDirectory(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(RulesReloadTest.RULES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl") || p.toString().endsWith("policy.yaml")).toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        if (extra != null) {
            Files.writeString(rules.resolve("bad.drl"), extra);
        }
        endpoints = new FakeEndpoints();
        endpoints.add("svc");
        Path cfg = dir.resolve("promotiond.yaml");
        Files.writeString(cfg, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: ./rules
                evaluation_interval: 1s
                components:
                  - name: svc
                    stage: Staging
                    health: {url: "%s", interval: 1s, timeout: 1s, status: /status, version: /version}
                """.formatted(endpoints.url("svc")));
        log.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
        DaemonConfig config = ConfigLoader.load(cfg);
        clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
        daemon = new Daemon(config, clock, new HttpHealthProbe(clock, 4), DroolsRuleEngine.compile(rules), "test");
        daemon.open();
        daemon.rulesDebounce(Duration.ofMillis(250));
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                daemon.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        started.get(30, TimeUnit.SECONDS); // today a spinning rule at start never lets start() return
        url = "http://127.0.0.1:" + daemon.port();
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        if (daemon != null) {
            daemon.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
    }

    @Test
    void recursingRuleIsLoggedAndCountedAndEvaluationResumesWhenTheFileIsFixed() throws Exception {
        start(null);
        double failures = metric("promotiond_evaluation_failures_total");

        saveAndAwaitLive("bad.drl", RECURSING);
        await("the overflow to be counted", () -> metric("promotiond_evaluation_failures_total") > failures);
        assertThat(metric("promotiond_task_failures_total{task=\"evaluation\"}")).isPositive();
        assertThat(logged("StackOverflowError")).as("the failure is logged with its cause").isTrue();

        Files.delete(rules.resolve("bad.drl"));
        awaitRulesLive();
        clock.advance(Duration.ofMinutes(1));
        String now = clock.instant().toString();
        await("evaluation to resume after the fix", () -> now.equals(get("/healthz").path("evaluatedAt").asText()));
        assertThat(status("/readyz")).isEqualTo(200);
    }

    @Test
    void spinningRuleIsAbandonedWhileProbesKeepBeingStoredAndReadinessGoesStale() throws Exception {
        start(null);
        saveAndAwaitLive("bad.drl", SPINNING);
        await("the spinning cycle to be abandoned", () -> metricOrZero("promotiond_evaluation_abandoned_total") >= 1);
        await("the log to name the rule that was firing", () -> logged("spin forever"));

        long stored = storedProbes();
        await("probes to keep being stored while the rule spins", () -> storedProbes() > stored);

        clock.advance(Duration.ofSeconds(4)); // more than 3 cycles of 1 s without a successful evaluation
        assertThat(status("/readyz")).isEqualTo(503);
        assertThat(body("/readyz").path("status").asText()).isEqualTo("stale");
        assertThat(body("/readyz").path("reason").asText()).contains("spin forever");
        assertThat(status("/healthz")).as("the daemon itself is alive").isEqualTo(200);
        assertThat(metric("promotiond_evaluation_stale")).isEqualTo(1.0);

        Files.delete(rules.resolve("bad.drl"));
        awaitRulesLive();
        await("readiness to recover after the fix", () -> status("/readyz") == 200);
        assertThat(metric("promotiond_evaluation_stale")).isEqualTo(0.0);
    }

    @Test
    void spinningRuleAtStartStillOpensThePortWithReadinessUnknown() throws Exception {
        start(SPINNING);
        assertThat(status("/healthz")).isEqualTo(200);
        assertThat(status("/readyz")).isEqualTo(503);
        JsonNode ready = body("/readyz");
        assertThat(ready.path("status").asText()).isEqualTo("unknown");
        assertThat(ready.path("reason").asText()).startsWith("no evaluation yet").contains("spin forever");
        assertThat(metric("promotiond_evaluation_abandoned_total")).isEqualTo(1.0);
        assertThat(logged("listening on")).isTrue();
    }

    void saveAndAwaitLive(String name, String content) throws Exception {
        Files.writeString(rules.resolve(name), content);
        await(name + " to go live", () -> get("/api/v1/rules").path("files").findValuesAsText("file").contains(name));
    }

    void awaitRulesLive() throws Exception {
        await("the fixed rules to go live", () -> !get("/api/v1/rules").path("files").findValuesAsText("file").contains("bad.drl"));
    }

    boolean logged(String text) {
        return log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text)
                || (e.getThrowableProxy() != null && e.getThrowableProxy().getClassName().contains(text)));
    }

    /** Probe outcomes written to the store so far, read through a connection of its own. */
    long storedProbes() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
             ResultSet r = c.createStatement().executeQuery("SELECT (SELECT coalesce(sum(probes), 0) FROM probe_runs) + (SELECT coalesce(sum(probes), 0) FROM open_runs)")) {
            return r.getLong(1);
        }
    }

    int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    JsonNode body(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    double metric(String series) throws Exception {
        return dev.promotiond.testing.MetricsText.sample(HTTP, url, series);
    }

    double metricOrZero(String series) throws Exception {
        try {
            return metric(series);
        } catch (AssertionError e) {
            return 0;
        }
    }

    interface Check {
        boolean test() throws Exception;
    }

    /** Polls every 100 ms for at most 20 s. */
    static void await(String what, Check done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.test()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 20 s for " + what);
            }
            Thread.sleep(100);
        }
    }
}
