package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.cli.Main;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.testing.FakeEndpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon serves before its rules compile: the port answers, probes are recorded and readiness is
 * unknown with the reason while the compile is held back; once the rules are in, the first evaluation
 * is published at once (the evaluation interval is ten minutes and the clock does not move).
 */
class StartBeforeRulesCompileTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String BROKEN = """
            package promotiond.rules;

            rule "half-typed"
            when
                Component(name == )
            then
            end
            """;

    @TempDir
    Path dir;
    Path rules;
    Path config;
    FakeEndpoints endpoints;
    FakeEndpoints.State svc;
    Daemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        rules = Files.createDirectory(dir.resolve("rules"));
        dev.promotiond.testing.RulesCopy.into(rules);
        endpoints = new FakeEndpoints();
        svc = endpoints.add("svc");
        config = dir.resolve("promotiond.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: ./rules
                evaluation_interval: 10m
                components:
                  - name: svc
                    stage: Staging
                    health: {url: "%s", interval: 2s, status: /status, version: /version}
                """.formatted(endpoints.url("svc")));
    }

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
        endpoints.close();
    }

    @Test
    void portAnswersAndReadinessIsUnknownWhileRulesCompileThenFirstEvaluationIsPublishedAtOnce() throws Exception {
        DaemonConfig cfg = ConfigLoader.load(config);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
        CountDownLatch compileMayFinish = new CountDownLatch(1);
        Callable<RuleEngine> compile = () -> {
            assertThat(compileMayFinish.await(60, TimeUnit.SECONDS)).as("the test released the compile").isTrue();
            return DroolsRuleEngine.compile(rules);
        };
        daemon = new Daemon(cfg, clock, new HttpHealthProbe(clock, 4), compile, "test");
        daemon.start();
        String url = "http://127.0.0.1:" + daemon.port();

        assertThat(get(url + "/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> readyz = get(url + "/readyz");
        assertThat(readyz.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(readyz.body()).path("status").asText()).isEqualTo("unknown");
        assertThat(JSON.readTree(readyz.body()).path("reason").asText()).isEqualTo("starting: rules are compiling");
        HttpResponse<String> readiness = get(url + "/api/v1/components/svc/readiness?target=production");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(readiness.body()).path("error").asText()).contains("starting: rules are compiling");
        StringWriter err = new StringWriter();
        assertThat(Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "check", "--url", url,
                "--component", "svc", "--target", "production")).isEqualTo(3);
        assertThat(err.toString()).contains("rules are compiling");
        // probes need no rules: they are recorded from the start
        await(() -> svc.answered.get() > 0 && metrics(url).contains("promotiond_probes_total{component=\"svc\""));
        assertThat(daemon.last()).isNull();

        compileMayFinish.countDown();
        await(() -> daemon.last() != null);
        assertThat(daemon.last().evaluatedAt()).isEqualTo(clock.instant());
        assertThat(daemon.started().get(60, TimeUnit.SECONDS)).isNotNull();
        readyz = get(url + "/readyz");
        assertThat(readyz.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(get(url + "/api/v1/components/svc/readiness?target=production").body());
        assertThat(answer.path("component").asText()).isEqualTo("svc");
        assertThat(JSON.readTree(get(url + "/api/v1/rules").body()).path("ruleCount").asInt()).isPositive();
    }

    @Test
    void badDrlAtStartExitsTwoNamingFileAndLine() throws Exception {
        Files.writeString(rules.resolve("broken.drl"), BROKEN);
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run", "--config",
                config.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("rules do not compile").contains("broken.drl:5:");
    }

    @Test
    void rulesThatDoNotCompileAtStartLeaveReadinessUnknownNamingFileAndLine() throws Exception {
        Files.writeString(rules.resolve("broken.drl"), BROKEN);
        DaemonConfig cfg = ConfigLoader.load(config);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
        daemon = new Daemon(cfg, clock, new HttpHealthProbe(clock, 4), () -> DroolsRuleEngine.compile(rules), "test");
        daemon.start();
        String url = "http://127.0.0.1:" + daemon.port();
        assertThat(daemon.started()).failsWithin(60, TimeUnit.SECONDS);
        HttpResponse<String> readyz = get(url + "/readyz");
        assertThat(readyz.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(readyz.body()).path("status").asText()).isEqualTo("unknown");
        assertThat(JSON.readTree(readyz.body()).path("reason").asText())
                .startsWith("starting: the rules did not compile").contains("broken.drl:5:");
        assertThat(Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter(), true), "check",
                "--url", url, "--component", "svc", "--target", "production")).isEqualTo(3);
        assertThat(daemon.last()).isNull();
    }

    @Test
    void demoWithBadDrlExitsTwoNamingFileAndLine() throws Exception {
        Files.writeString(rules.resolve("broken.drl"), BROKEN);
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "demo", "--listen",
                "127.0.0.1:0", "--rules", rules.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("rules do not compile").contains("broken.drl:5:");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics(String url) {
        try {
            return get(url + "/metrics").body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Polls until the condition holds; fails after 60 s (a bound, not a timing assertion). */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 6000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 60 s").isTrue();
    }
}
