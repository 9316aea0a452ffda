package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.store.Database;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.MetricsText;
import dev.promotiond.testing.RealPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import dev.promotiond.testing.StoreKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas in one JVM on one store (a real PostgreSQL database, or one SQLite file): one leads, the other serves the
 * leader's published decisions byte for byte, exports no readiness gauges, and leads as soon as
 * the leader stops.
 */
@Timeout(120)
class ReplicasReadTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** On SQLite too: two processes started on one file no longer both act (one leads, the other follows). */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theFollowerServesTheLeadersDecisionsAndTakesOverWhenItStops(StoreKind kind) throws Exception {
        Database db = kind.fresh(dir);
        Path pw = Files.writeString(dir.resolve("pw"), RealPostgres.PASSWORD + "\n");
        String store = db.isPostgres() ? db.name() + "\npostgres: {password_file: " + pw + "}" : db.file().toString();
        try (FakeEndpoints endpoints = new FakeEndpoints()) {
            endpoints.add("catalog-api");
            endpoints.add("billing").healthy = false;
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: %s
                    rules: %s
                    evaluation_interval: 1s
                    components:
                      - name: catalog-api
                        stage: Staging
                        health: {url: "%s", interval: 1s, timeout: 1s, status: /status, version: /version}
                      - name: billing
                        stage: Development
                        health: {url: "%s", interval: 1s, timeout: 1s, status: /status, version: /version}
                    """.formatted(store, RULES, endpoints.url("catalog-api"), endpoints.url("billing")));
            DaemonConfig cfg = ConfigLoader.load(config);
            Daemon a = replica(cfg);
            Daemon b = replica(cfg);
            try {
                a.start();
                b.start();
                String la = "http://127.0.0.1:" + a.port();
                String lb = "http://127.0.0.1:" + b.port();
                assertThat(MetricsText.sample(http, la, "promotiond_leader")).isEqualTo(1);
                assertThat(MetricsText.sample(http, lb, "promotiond_leader")).isEqualTo(0);
                await("both replicas to see each other", () -> sample(la, "promotiond_replicas") == 2
                        && sample(lb, "promotiond_replicas") == 2);

                for (String path : new String[] {"/api/v1/components/catalog-api/readiness?target=production&explain=true",
                    "/api/v1/components/billing/readiness?target=staging", "/api/v1/components/billing",
                    "/api/v1/components"}) {
                    // the follower serves each publication about a second after the leader: compare
                    // answers of one evaluation (the list has no time of its own: /healthz gives it)
                    String[] last = new String[2];
                    await("the follower to serve the leader's answer to " + path, () -> {
                        String before = get(la + "/healthz");
                        String fromLeader = get(la + path);
                        String fromFollower = get(lb + path);
                        boolean sameEvaluation = before.equals(get(la + "/healthz")) && before.equals(get(lb + "/healthz"));
                        last[0] = fromLeader;
                        last[1] = fromFollower;
                        return sameEvaluation && fromLeader.equals(fromFollower) && fromLeader.contains("\"name\"")
                                || sameEvaluation && fromLeader.equals(fromFollower) && fromLeader.contains("\"state\"");
                    }, () -> "leader answered:\n" + last[0] + "\nfollower answered:\n" + last[1]);
                }
                String metrics = get(lb + "/metrics");
                assertThat(metrics).as("only the leader exports readiness gauges").doesNotContain("promotiond_component_readiness_state{");
                assertThat(get(la + "/metrics")).contains("promotiond_component_readiness_state{");

                a.close();
                await("the follower to lead once the leader stopped", () -> sample(lb, "promotiond_leader") == 1);
                await("the new leader to export the readiness gauges", () -> get(lb + "/metrics")
                        .contains("promotiond_component_readiness_state{"));
                await("the new leader to evaluate", () -> get(lb + "/api/v1/components/billing/readiness?target=staging")
                        .contains("\"state\""));
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** A replica of {@code cfg} on the real clock, with the bundled rules (compiled once for the class). */
    static Daemon replica(DaemonConfig cfg) {
        return new Daemon(cfg, Clock.systemUTC(), new HttpHealthProbe(Clock.systemUTC(), 4), COMPILED.get(), "test");
    }

    static final java.util.function.Supplier<RuleEngine> COMPILED = new java.util.function.Supplier<>() {
        private RuleEngine rules;

        @Override
        public synchronized RuleEngine get() {
            if (rules == null) {
                try {
                    rules = DroolsRuleEngine.compile(RULES);
                } catch (dev.promotiond.engine.RulesException e) {
                    throw new IllegalStateException(e);
                }
            }
            return rules;
        }
    };

    double sample(String base, String series) {
        try {
            return MetricsText.sample(http, base, series);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** The body as JSON; a missing node when it is not JSON (an error text), so a wait keeps waiting. */
    static com.fasterxml.jackson.databind.JsonNode json(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    static String trigger(String rules) {
        return json(rules).path("lastAttempt").path("trigger").asText();
    }

    String get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "error: " + e;
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> detail)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 60 s for " + what + "\n" + detail.get());
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aDeploymentRecordedAtAReplicaThatDoesNotProbeTheComponentMovesItsSoakAtTheOneThatDoes() throws Exception {
        Database db = StoreKind.POSTGRES.fresh(dir);
        Path pw = Files.writeString(dir.resolve("pw"), RealPostgres.PASSWORD + "\n");
        try (FakeEndpoints endpoints = new FakeEndpoints()) {
            StringBuilder components = new StringBuilder();
            for (int i = 0; i < 16; i++) { // with 16, the chance that one replica's share is empty is 1 in 32,768
                endpoints.add("svc-" + i);
                components.append("""
                          - name: svc-%d
                            stage: Staging
                            health: {url: "%s", interval: 1s, timeout: 1s, status: /status, version: /version}
                        """.formatted(i, endpoints.url("svc-" + i)));
            }
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, "listen: 127.0.0.1:0\nstore: " + db.name() + "\npostgres: {password_file: " + pw
                    + "}\nrules: " + RULES + "\nevaluation_interval: 1s\ncomponents:\n" + components);
            DaemonConfig cfg = ConfigLoader.load(config);
            Daemon a = replica(cfg);
            Daemon b = replica(cfg);
            try {
                a.start();
                b.start();
                await("both replicas to probe a share", () -> !a.probing().isEmpty() && !b.probing().isEmpty()
                        && a.probing().size() + b.probing().size() == 16);
                String component = b.probing().iterator().next();
                String detail = "http://127.0.0.1:" + a.port() + "/api/v1/components/" + component;
                await("the leader to show " + component + "'s soak", () -> get(detail).contains("\"startedAt\""));
                java.time.Instant at = java.time.Instant.now().minus(Duration.ofHours(1)).truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS);
                a.intake().deploy(component, "Staging", "1.0.0", "promotion", at); // at the leader, which does not probe it
                long t0 = System.nanoTime();
                await("the soak of " + component + " to start at the recorded time, as the leader shows it",
                        () -> json(get(detail)).path("soak").path("startedAt").asText().equals(at.toString()));
                System.out.printf("soak moved as the leader shows it after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void aReloadAskedAtAFollowerReloadsTheLeaderToo() throws Exception {
        Database db = StoreKind.POSTGRES.fresh(dir);
        Path pw = Files.writeString(dir.resolve("pw"), RealPostgres.PASSWORD + "\n");
        Files.writeString(dir.resolve("token"), "s3cret-token\n");
        try (FakeEndpoints endpoints = new FakeEndpoints()) {
            endpoints.add("api");
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, "listen: 127.0.0.1:0\nstore: " + db.name() + "\npostgres: {password_file: " + pw
                    + "}\nrules: " + RULES + "\nauth: {token_file: ./token}\nevaluation_interval: 1s\ncomponents:\n"
                    + "  - name: api\n    stage: Staging\n    health: {url: \"" + endpoints.url("api")
                    + "\", interval: 1s, timeout: 1s, status: /status, version: /version}\n");
            DaemonConfig cfg = ConfigLoader.load(config);
            Daemon a = replica(cfg);
            Daemon b = replica(cfg);
            try {
                a.start();
                b.start();
                String la = "http://127.0.0.1:" + a.port();
                String lb = "http://127.0.0.1:" + b.port();
                assertThat(trigger(get(la + "/api/v1/rules"))).isNotEqualTo("replica");
                HttpResponse<String> reload = http.send(HttpRequest.newBuilder(URI.create(lb + "/api/v1/rules/reload"))
                        .header("Authorization", "Bearer s3cret-token").POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(reload.statusCode()).isEqualTo(200);
                assertThat(trigger(get(lb + "/api/v1/rules"))).isEqualTo("api");
                await("the leader to reload as the follower was asked to",
                        () -> trigger(get(la + "/api/v1/rules")).equals("replica"));
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
