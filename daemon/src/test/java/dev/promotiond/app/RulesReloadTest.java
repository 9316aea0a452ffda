package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.BundledRules;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.testing.FakeEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator edits the DRL of a running daemon: saves are picked up by the folder watcher, a
 * broken save keeps the previous rules live and says where it broke, and POST and SIGHUP reload on
 * demand. Real daemon, real HTTP, a copy of the repository's rules.
 */
class RulesReloadTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "s3cret-token";
    static final String STAGING_POLICY = "min_uptime: 99.5%              # \"99.5% uptime during staging period\"";
    static final String BROKEN_RULE = "\nrule \"half-typed\"\nwhen\n    Component(name == )\nthen\nend\n";

    @TempDir
    Path dir;
    Path rules;
    FakeEndpoints endpoints;
    ManualClock clock;
    Daemon daemon;
    String url;

    @BeforeEach
    void start() throws Exception {
        rules = Files.createDirectory(dir.resolve("rules"));
        dev.promotiond.testing.RulesCopy.into(rules);
        endpoints = new FakeEndpoints();
        endpoints.add("svc");
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path cfg = dir.resolve("promotiond.yaml");
        Files.writeString(cfg, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: ./rules
                evaluation_interval: 10m
                auth: {token_file: ./token}
                components:
                  - name: svc
                    stage: Staging
                    health: {url: "%s", interval: 10s, status: /status, version: /version}
                """.formatted(endpoints.url("svc")));
        DaemonConfig config = ConfigLoader.load(cfg);
        clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
        HttpHealthProbe probe = new HttpHealthProbe(clock, 4);
        daemon = new Daemon(config, clock, probe, DroolsRuleEngine.compile(rules), "test");
        daemon.open();
        daemon.rulesDebounce(Duration.ofMillis(250));
        ProbeScheduler.probeAndWait(probe, config.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        daemon.start();
        url = "http://127.0.0.1:" + daemon.port();
    }

    @AfterEach
    void stop() {
        daemon.close();
        endpoints.close();
    }

    @Test
    void brokenSaveKeepsThePreviousRulesAndShowsWhereItBroke() throws Exception {
        double failures = metric("promotiond_rules_reload_total{result=\"failure\"}");
        assertThat(metric("promotiond_rules_last_reload_successful")).isEqualTo(1.0);

        String policy = read("policy.drl");
        save("policy.drl", policy + BROKEN_RULE);
        int brokenLine = (int) (policy + BROKEN_RULE).lines().takeWhile(l -> !l.contains("Component(name == )")).count() + 1;
        JsonNode state = await("the broken save to be reported",
                () -> get("/api/v1/rules"), s -> s.path("lastAttempt").path("result").asText().equals("failure"));

        assertThat(state.path("lastAttempt").path("trigger").asText()).isEqualTo("watch");
        JsonNode error = state.path("lastAttempt").path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo("policy.drl");
        assertThat(error.path("line").asInt()).isEqualTo(brokenLine);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(state.path("files").findValuesAsText("sha256")).contains(sha256(policy));
        assertThat(stagingUptimeThreshold()).as("a cycle after the save runs the previous rules").contains("99.5%");
        assertThat(metric("promotiond_rules_reload_total{result=\"failure\"}")).isEqualTo(failures + 1);
        assertThat(metric("promotiond_rules_last_reload_successful")).isEqualTo(0.0);
    }

    @Test
    void fixingTheFileMakesTheNewThresholdLiveOnTheNextCycle() throws Exception {
        String policy = read("policy.yaml");
        save("policy.drl", read("policy.drl") + BROKEN_RULE);
        await("the broken save to be reported", () -> get("/api/v1/rules"),
                s -> s.path("lastAttempt").path("result").asText().equals("failure"));
        double successes = metric("promotiond_rules_reload_total{result=\"success\"}");
        clock.advance(Duration.ofMinutes(1));

        String stricter = policy.replace(STAGING_POLICY, STAGING_POLICY.replace("99.5%  ", "99.99%"));
        assertThat(stricter).isNotEqualTo(policy);
        save("policy.yaml", stricter);
        save("policy.drl", read("policy.drl").replace(BROKEN_RULE, ""));
        JsonNode state = await("the fixed file to go live", () -> get("/api/v1/rules"),
                s -> s.path("lastAttempt").path("result").asText().equals("success"));

        assertThat(state.path("loadedAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(state.path("files").findValuesAsText("sha256")).contains(sha256(stricter));
        assertThat(stagingUptimeThreshold()).contains("99.99%");
        assertThat(metric("promotiond_rules_reload_total{result=\"success\"}")).isEqualTo(successes + 1);
        assertThat(metric("promotiond_rules_last_reload_successful")).isEqualTo(1.0);
        assertThat(metric("promotiond_rules_last_reload_success_timestamp_seconds"))
                .isEqualTo(clock.instant().getEpochSecond());
    }

    @Test
    void aSuccessfulReloadPublishesANewEvaluationWithoutWaitingForTheTimer() throws Exception {
        var before = daemon.last();
        assertThat(before).isNotNull();
        String policy = read("policy.yaml");
        String stricter = policy.replace(STAGING_POLICY, STAGING_POLICY.replace("99.5%  ", "99.99%"));
        assertThat(stricter).isNotEqualTo(policy);

        save("policy.yaml", stricter);
        // the evaluation timer is 10 minutes of real time away and the manual clock stands still:
        // only the reload itself can have started the cycle that publishes the new threshold
        JsonNode readiness = await("an evaluation with the new rules",
                () -> get("/api/v1/components/svc/readiness?target=production"),
                r -> criterion(r, "uptime-7d").path("threshold").asText().contains("99.99%"));

        assertThat(daemon.last()).isNotSameAs(before);
        assertThat(readiness.path("evaluatedAt").asText()).isEqualTo(clock.instant().toString());
    }

    @Test
    void anExplicitReloadAlsoPublishesANewEvaluation() throws Exception {
        var before = daemon.last();
        daemon.rules().reload("api");
        assertThat(awaitEvaluationAfter(before).evaluatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void rulesEndpointListsEachFileWithItsHashAndRuleNames() throws Exception {
        JsonNode state = get("/api/v1/rules");
        assertThat(state.path("dir").asText()).isEqualTo(rules.toString());
        assertThat(state.path("lastAttempt").path("result").asText()).isEqualTo("success");
        assertThat(state.path("lastAttempt").path("trigger").asText()).isEqualTo("startup");
        assertThat(state.path("files").findValuesAsText("file")).containsExactlyElementsOf(BundledRules.FILES);
        JsonNode policy = file(state, "policy.drl");
        assertThat(policy.path("sha256").asText()).isEqualTo(sha256(read("policy.drl")));
        assertThat(policy.path("rules").toString()).isEqualTo("[\"policy: apply waivers\"]");
        assertThat(file(state, "staging.drl").path("rules").toString()).contains("staging uptime");
        assertThat(file(state, "policy.yaml").path("rules").toString()).isEqualTo("[]");
        int total = 0;
        for (JsonNode f : state.path("files")) {
            total += f.path("rules").size();
        }
        assertThat(state.path("ruleCount").asInt()).isEqualTo(total).isPositive();
        assertThat(metric("promotiond_rules_loaded")).isEqualTo(total);
    }

    @Test
    void reloadEndpointNeedsTheTokenAndAnswers422WithTheErrors() throws Exception {
        assertThat(post("/api/v1/rules/reload", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/rules/reload", "wrong").statusCode()).isEqualTo(401);
        double successes = metric("promotiond_rules_reload_total{result=\"success\"}");

        HttpResponse<String> ok = post("/api/v1/rules/reload", TOKEN);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.path("lastAttempt").path("trigger").asText()).isEqualTo("api");
        assertThat(body.path("lastAttempt").path("result").asText()).isEqualTo("success");
        assertThat(metric("promotiond_rules_reload_total{result=\"success\"}"))
                .as("an explicit reload compiles even when nothing changed").isEqualTo(successes + 1);

        String staging = read("staging.drl");
        save("staging.drl", staging.replace("rule \"staging uptime\"", "rule \"staging uptime\" salience"));
        HttpResponse<String> bad = post("/api/v1/rules/reload", TOKEN);
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
        JsonNode errors = JSON.readTree(bad.body()).path("errors");
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).path("file").asText()).isEqualTo("staging.drl");
        assertThat(errors.get(0).path("line").asInt()).isPositive();
        assertThat(JSON.readTree(bad.body()).path("lastAttempt").path("result").asText()).isEqualTo("failure");
        assertThat(stagingUptimeThreshold()).contains("99.5%");
    }

    @Test
    void severalFilesSavedTogetherReloadOnce() throws Exception {
        double successes = metric("promotiond_rules_reload_total{result=\"success\"}");
        Map<String, String> expected = new LinkedHashMap<>();
        for (String name : new String[] {"policy.drl", "staging.drl", "production.drl"}) {
            String edited = read(name) + "// reviewed\n";
            expected.put(name, sha256(edited));
            save(name, edited);
        }
        await("all three saves to be live", () -> get("/api/v1/rules"), s -> {
            for (Map.Entry<String, String> e : expected.entrySet()) {
                if (!file(s, e.getKey()).path("sha256").asText().equals(e.getValue())) {
                    return false;
                }
            }
            return true;
        });
        assertThat(metric("promotiond_rules_reload_total{result=\"success\"}")).isEqualTo(successes + 1);
    }

    @Test
    void hangupReloadsEvenWhenNothingChanged() throws Exception {
        double successes = metric("promotiond_rules_reload_total{result=\"success\"}");
        daemon.rules().hangup();
        JsonNode state = get("/api/v1/rules");
        assertThat(state.path("lastAttempt").path("trigger").asText()).isEqualTo("sighup");
        assertThat(state.path("lastAttempt").path("result").asText()).isEqualTo("success");
        assertThat(metric("promotiond_rules_reload_total{result=\"success\"}")).isEqualTo(successes + 1);
    }

    @Test
    void aTypoInAPolicyThresholdKeepsThePreviousRulesAndSaysWhereWithAHint() throws Exception {
        String policy = read("policy.yaml");
        String typo = policy.replace("min_uptime: 99.5%", "min_uptime: 99.9");
        assertThat(typo).isNotEqualTo(policy);
        save("policy.yaml", typo);
        JsonNode state = await("the broken policy to be reported", () -> get("/api/v1/rules"),
                s -> s.path("lastAttempt").path("result").asText().equals("failure"));
        JsonNode error = state.path("lastAttempt").path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo("policy.yaml");
        assertThat(error.path("line").asInt()).isEqualTo(
                (int) typo.lines().takeWhile(l -> !l.contains("min_uptime: 99.9 ")).count() + 1);
        assertThat(error.path("column").asInt()).isEqualTo(17);
        assertThat(error.path("message").asText())
                .isEqualTo("defaults.to_production.min_uptime: \"99.9\" has no unit: a percentage needs \"%\" (write 99.9%)");
        assertThat(stagingUptimeThreshold()).as("the previous policy still judges").startsWith("≥ 99.5% over 7d");
    }

    @Test
    void aWindowLongerThanRetentionRefusesTheReloadAtItsLine() throws Exception {
        String policy = read("policy.yaml");
        String tooLong = policy + "\ncomponents:\n  svc:\n    to_production:\n      uptime_window: 90d\n";
        save("policy.yaml", tooLong);
        JsonNode state = await("the too-long window to be refused", () -> get("/api/v1/rules"),
                s -> s.path("lastAttempt").path("result").asText().equals("failure"));
        JsonNode error = state.path("lastAttempt").path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo("policy.yaml");
        assertThat(error.path("line").asInt()).isEqualTo((int) tooLong.lines().count());
        assertThat(error.path("message").asText()).contains("uptime window 90d is longer than the store's retention");
        assertThat(stagingUptimeThreshold()).as("the previous policy and its windows still judge").contains("over 7d");
    }

    /** Writes a temporary file and renames it over the target, as editors do. */
    void save(String name, String content) throws Exception {
        Path tmp = rules.resolve("." + name + ".swp");
        Files.writeString(tmp, content);
        Files.move(tmp, rules.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    String read(String name) throws Exception {
        return Files.readString(rules.resolve(name));
    }

    String stagingUptimeThreshold() throws Exception {
        daemon.evaluations().evaluate();
        JsonNode readiness = get("/api/v1/components/svc/readiness?target=production");
        for (JsonNode c : readiness.path("criteria")) {
            if (c.path("name").asText().equals("uptime-7d")) {
                return c.path("threshold").asText();
            }
        }
        throw new AssertionError("no uptime-7d criterion in " + readiness.toPrettyString());
    }

    static JsonNode criterion(JsonNode readiness, String name) {
        for (JsonNode c : readiness.path("criteria")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no " + name + " criterion in " + readiness.toPrettyString());
    }

    /** Waits (bounded, 10 s) until an evaluation other than {@code previous} is published. */
    dev.promotiond.cycle.Evaluation awaitEvaluationAfter(dev.promotiond.cycle.Evaluation previous) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (daemon.last() == previous) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for an evaluation after a reload");
            }
            Thread.sleep(20);
        }
        return daemon.last();
    }

    static JsonNode file(JsonNode state, String name) {
        for (JsonNode f : state.path("files")) {
            if (f.path("file").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no file " + name + " in " + state.toPrettyString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One sample of {@code /metrics} in the text format, by name and labels as written there. */
    double metric(String series) throws Exception {
        return dev.promotiond.testing.MetricsText.sample(HTTP, url, series);
    }

    interface Check {
        boolean test(JsonNode value) throws Exception;
    }

    /** Polls every 50 ms for at most 10 s; the watcher works on its own thread. */
    static JsonNode await(String what, Callable<JsonNode> read, Check done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = read.call();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what + "; last seen:\n" + last.toPrettyString());
            }
            Thread.sleep(50);
            last = read.call();
        }
        return last;
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
