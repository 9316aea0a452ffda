package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promotiond.cli.ReplicaProcesses.Answer;
import dev.promotiond.cli.ReplicaProcesses.Replica;
import dev.promotiond.store.Database;
import dev.promotiond.testing.QuickGuardRules;
import dev.promotiond.testing.RealAlertmanager;
import dev.promotiond.testing.RealPostgres;
import dev.promotiond.testing.RealPrometheus;
import dev.promotiond.testing.VersionedService;
import dev.promotiond.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas of {@code promotiond run}, each in its own JVM, sharing one real PostgreSQL database with
 * the default lease (10 s): one leader at a time, followers answering as the leader, kill -9 of the
 * leader during a production breach (one rollback per version, no page resolved, CI answered
 * throughout by a replica that stays up), and PostgreSQL stopped for 30 s (nobody acts, answers
 * unknown naming the store, a leader again once it is back).
 */
class ReplicasFailoverTest {
    /**
     * Failovers in {@link #killNineOfTheLeaderDuringABreachHandsOverWithinTheBoundAndActsOnce}: each
     * takes about 10 s (the rest of the lease plus up to one renewal), so 20 take four minutes, more
     * than CI's share for this class; CI runs 4, {@code -Dpromotiond.failovers=20} runs the 20
     * (figures in BENCHMARKS.md).
     */
    static final int FAILOVERS = Integer.getInteger("promotiond.failovers", 4);
    /** The lease the replicas are configured with (the default, written out so the bound below follows it). */
    static final Duration LEASE = Duration.ofSeconds(10);
    /**
     * The documented bound, from the lease: the rest of the dead leader's lease, plus one renewal
     * interval (a fifth of the lease) until a follower's tick takes it, plus as much again for a busy
     * machine: 1.5 × the lease. The issue asked for a handover within about the lease.
     */
    static final Duration FAILOVER_BOUND = LEASE.multipliedBy(3).dividedBy(2);
    static final String GUARD = "ProductionGuardTripped";
    static final String ERROR_RATIO = "sum(rate(http_requests_total{job=\"web\",code=~\"5..\"}[10s]))"
            + " / sum(rate(http_requests_total{job=\"web\"}[10s]))";
    static final String READINESS = "/api/v1/components/api/readiness?target=production";

    @TempDir
    Path dir;

    /** A config for replicas on {@code db}: api in Staging (what CI asks about); web in Production when given. */
    Path config(Database db, int pgPort, String extra, String web) throws Exception {
        Files.writeString(dir.resolve("pg.password"), RealPostgres.PASSWORD + "\n");
        Path config = dir.resolve("promotiond.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                store: %s
                postgres: {password_file: ./pg.password, lease: %ds}
                rules: %s
                evaluation_interval: 1s
                %s
                components:
                  - name: api
                    stage: Staging
                    health: {url: "%s", interval: 1s, timeout: 1s, status: /status, version: /version}
                %s""".formatted(RealPostgres.url(db), LEASE.toSeconds(), QuickGuardRules.copyInto(dir), extra, api.healthUrl(), web));
        return config;
    }

    VersionedService api;

    static String webComponent(VersionedService web, WebhookReceiver rollbacks) {
        return """
                  - name: web
                    stage: Production
                    health: {url: "%s", interval: 1s, timeout: 1s, status: /status, version: /version}
                    metrics:
                      slis:
                        error_ratio: '%s'
                    rollback: {webhook: "%s", timeout: 5s, retries: 0}
                """.formatted(web.healthUrl(), ERROR_RATIO, rollbacks.url());
    }

    @Test
    @Timeout(180)
    void twoThenThreeReplicasHaveOneLeaderAndFollowersAnswerAsItDoes() throws Exception {
        Database db = RealPostgres.shared().newDatabase();
        try (VersionedService api = new VersionedService("3.1")) {
            this.api = api;
            ReplicaProcesses fleet = new ReplicaProcesses(config(db, 0, "", ""), dir);
            try {
                fleet.start();
                fleet.start();
                fleet.awaitLeader(Duration.ofSeconds(30));
                sampleOneLeaderAndSameAnswers(fleet, 2);
                fleet.start();
                sampleOneLeaderAndSameAnswers(fleet, 3);
            } finally {
                fleet.close();
            }
        }
    }

    /** Samples every replica for a while: exactly one leads, and every follower answers CI as the leader does. */
    void sampleOneLeaderAndSameAnswers(ReplicaProcesses fleet, int size) throws Exception {
        assertThat(fleet.alive()).hasSize(size);
        awaitAnswers(fleet);
        List<String> leaderSeen = new ArrayList<>();
        for (int sample = 0; sample < 30; sample++) {
            List<Replica> leaders = fleet.leaders();
            leaderSeen.add(leaders.stream().map(Replica::name).toList().toString());
            assertThat(leaders).as("leaders among %d replicas at sample %d\n%s", size, sample, fleet.logs()).hasSize(1);
            Replica leader = leaders.get(0);
            for (Replica r : fleet.alive()) {
                // a follower serves the leader's publication about a second after it: compare answers of
                // one evaluation, and give the follower a bounded time to catch up with the newest
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (true) {
                    JsonNode expected = fleet.get(leader, READINESS).body();
                    JsonNode served = fleet.get(r, READINESS).body();
                    if (expected.path("evaluatedAt").asText().equals(served.path("evaluatedAt").asText())) {
                        assertThat(summary(served)).as("%s answers as leader %s", r.name(), leader.name())
                                .isEqualTo(summary(expected));
                        break;
                    }
                    assertThat(System.nanoTime()).as("%s serves the leader's evaluation within 10 s", r.name())
                            .isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            Thread.sleep(200);
        }
        System.out.println(size + " replicas, leader at each sample: " + leaderSeen.stream().distinct().toList());
    }

    /** Waits (bounded) until every replica serves an evaluation of api. */
    static void awaitAnswers(ReplicaProcesses fleet) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Replica r : fleet.alive()) {
            Answer a = fleet.get(r, READINESS);
            while (a.status() != 200 || a.body() == null || a.body().path("evaluatedAt").asText().isEmpty()) {
                assertThat(System.nanoTime()).as("%s never answered: %s", r.name(), a).isLessThan(deadline);
                Thread.sleep(200);
                a = fleet.get(r, READINESS);
            }
        }
    }

    /** What CI reads from a readiness answer: the state and each criterion's name and state. */
    static String summary(JsonNode readiness) {
        StringBuilder b = new StringBuilder(readiness.path("state").asText());
        for (JsonNode c : readiness.path("criteria")) {
            b.append(' ').append(c.path("name").asText()).append('=').append(c.path("state").asText());
        }
        return b.toString();
    }

    /** Asks one replica for api's readiness every 200 ms, as CI would, and keeps what went wrong. */
    static final class CiGate implements AutoCloseable {
        final ReplicaProcesses fleet;
        final AtomicReference<Replica> target = new AtomicReference<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final Map<String, Integer> states = Collections.synchronizedMap(new java.util.TreeMap<>());
        final Object asking = new Object();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;
        int asked;

        CiGate(ReplicaProcesses fleet, Replica first) {
            this.fleet = fleet;
            target.set(first);
            thread = new Thread(this::run, "ci-gate");
            thread.setDaemon(true);
            thread.start();
        }

        /** Points CI at {@code r}; returns once no question to the previous target is in flight. */
        void askAt(Replica r) {
            synchronized (asking) {
                target.set(r);
            }
        }

        private void run() {
            while (!stop.get()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (asking) {
                    Replica r = target.get();
                    try {
                        if (r == null) {
                            continue;
                        }
                        Answer a = fleet.get(r, READINESS);
                        asked++;
                        if (a.status() >= 500) {
                            failures.add(r.name() + " answered " + a.status() + ": " + a.body());
                        }
                        String state = a.body() == null ? "not json" : a.body().path("state").asText();
                        states.merge(state, 1, Integer::sum);
                    } catch (java.io.IOException e) {
                        failures.add(r.name() + ": " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            stop.set(true);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The one guard page Alertmanager holds, once it satisfies {@code condition} (bounded wait). */
    static JsonNode awaitPage(RealAlertmanager am, String what, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] page = new JsonNode[1];
        RealPrometheus.await(what, Duration.ofSeconds(40), () -> {
            List<JsonNode> alerts = am.alerts("alertname", GUARD);
            page[0] = alerts.size() == 1 ? alerts.get(0) : null;
            return page[0] != null && condition.test(page[0]);
        });
        return page[0];
    }

    static List<WebhookReceiver.Request> rollbacksOf(WebhookReceiver receiver, String version) {
        return receiver.requests().stream().filter(r -> r.body().path("component").asText().equals("web")
                && r.body().path("version").asText().equals(version)).toList();
    }

    @Test
    @Timeout(900)
    void killNineOfTheLeaderDuringABreachHandsOverWithinTheBoundAndActsOnce() throws Exception {
        Database db = RealPostgres.shared().newDatabase();
        try (VersionedService api = new VersionedService("3.1");
             VersionedService web = new VersionedService("1.0");
             RealPrometheus prometheus = RealPrometheus.start(Files.createDirectories(dir.resolve("prom")),
                     Map.of("web", web.target()));
             WebhookReceiver rollbacks = new WebhookReceiver();
             WebhookReceiver pages = new WebhookReceiver();
             RealAlertmanager am = RealAlertmanager.start(Files.createDirectories(dir.resolve("am")), pages.url())) {
            this.api = api;
            web.errorRatio("2.0", 0.30); // the rollback is acknowledged but 2.0 keeps running: the breach lasts
            Path config = config(db, 0, """
                    prometheus: {url: "%s", timeout: 2s}
                    alertmanagers: [{url: "%s"}]""".formatted(prometheus.url(), am.url()), webComponent(web, rollbacks));
            ReplicaProcesses fleet = new ReplicaProcesses(config, dir);
            try {
                fleet.start();
                fleet.start();
                Replica leader = fleet.awaitLeader(Duration.ofSeconds(30));
                prometheus.awaitSamples("http_requests_total{job=\"web\",version=\"1.0\"}", 2, Duration.ofSeconds(20));
                Thread.sleep(2000); // 1.0 probed in Production: the version 2.0 is rolled back to
                web.switchTo("2.0");
                rollbacks.awaitRequests(1, Duration.ofSeconds(90));
                JsonNode page = awaitPage(am, "the guard page", p -> true);
                String startsAt = page.path("startsAt").asText();
                awaitAnswers(fleet);

                List<Double> seconds = new ArrayList<>();
                try (CiGate ci = new CiGate(fleet, null)) {
                    for (int i = 1; i <= FAILOVERS; i++) {
                        leader = fleet.awaitLeader(Duration.ofSeconds(30));
                        Replica killed = leader;
                        List<Replica> others = fleet.alive().stream().filter(r -> r != killed).toList();
                        assertThat(others).as("a replica besides the leader").isNotEmpty();
                        ci.askAt(others.get(0));
                        Instant endsAt = Instant.parse(awaitPage(am, "the page", p -> true).path("endsAt").asText());
                        long t0 = System.nanoTime();
                        ReplicaProcesses.kill(killed);
                        CompletableFuture<Replica> replacement = CompletableFuture.supplyAsync(() -> {
                            try {
                                return fleet.start();
                            } catch (Exception e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        });
                        Replica next = null;
                        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
                        while (next == null && System.nanoTime() < deadline) {
                            List<Replica> leading = fleet.leaders();
                            assertThat(leading).as("leaders after kill %d", i).hasSizeLessThanOrEqualTo(1);
                            next = leading.isEmpty() ? null : leading.get(0);
                            if (next == null) {
                                Thread.sleep(100);
                            }
                        }
                        double took = (System.nanoTime() - t0) / 1e9;
                        assertThat(next).as("a leader after kill %d\n%s", i, fleet.logs()).isNotNull();
                        seconds.add(took);
                        System.out.printf("failover %d: %s killed, %s leads after %.2f s%n", i, killed.name(),
                                next.name(), took);
                        replacement.get(90, TimeUnit.SECONDS);
                        // the new leader restored the page from the store and resent it: same alert, later endsAt
                        JsonNode after = awaitPage(am, "the page resent after failover " + i,
                                p -> Instant.parse(p.path("endsAt").asText()).isAfter(endsAt));
                        assertThat(after.path("startsAt").asText()).isEqualTo(startsAt);
                    }
                    ci.askAt(ci.target.get());
                    System.out.println("CI asked " + ci.asked + " times during the failovers: " + ci.states);
                    assertThat(ci.failures).as("CI's questions to a replica that stayed up").isEmpty();
                }
                List<Double> sorted = seconds.stream().sorted().toList();
                System.out.printf("failover seconds (%d): %s; min %.2f median %.2f max %.2f; load %s%n", sorted.size(),
                        seconds.stream().map(s -> String.format("%.2f", s)).toList(), sorted.get(0),
                        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                        Files.readString(Path.of("/proc/loadavg")).strip());
                assertThat(sorted.get(sorted.size() - 1)).as("slowest failover (s), bound 1.5 × the %d s lease", LEASE.toSeconds())
                        .isLessThanOrEqualTo(FAILOVER_BOUND.toMillis() / 1e3);
                assertThat(rollbacksOf(rollbacks, "2.0")).as("rollbacks of web 2.0").hasSize(1);
                assertThat(rollbacks.requests()).as("rollback requests").hasSize(1);
                assertThat(pages.requests()).as("notifications Alertmanager sent")
                        .noneMatch(r -> r.body().path("status").asText().equals("resolved"));
            } finally {
                fleet.close();
            }
        }
    }

    /** PostgreSQL stays stopped this long. */
    static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    @Timeout(240)
    void postgresStoppedForThirtySecondsMeansNobodyActsAndAnswersSayUnknownNamingTheStore() throws Exception {
        try (RealPostgres pg = RealPostgres.startPrivate();
             VersionedService api = new VersionedService("3.1");
             VersionedService web = new VersionedService("1.0");
             RealPrometheus prometheus = RealPrometheus.start(Files.createDirectories(dir.resolve("prom")),
                     Map.of("web", web.target()));
             WebhookReceiver rollbacks = new WebhookReceiver();
             WebhookReceiver alertmanager = new WebhookReceiver()) {
            this.api = api;
            Database db = pg.newDatabase();
            web.errorRatio("2.0", 0.30);
            Path config = config(db, pg.port(), """
                    prometheus: {url: "%s", timeout: 2s}
                    alertmanagers: [{url: "%s"}]""".formatted(prometheus.url(), alertmanager.url()),
                    webComponent(web, rollbacks));
            ReplicaProcesses fleet = new ReplicaProcesses(config, dir);
            try {
                fleet.start();
                fleet.start();
                fleet.awaitLeader(Duration.ofSeconds(30));
                prometheus.awaitSamples("http_requests_total{job=\"web\",version=\"1.0\"}", 2, Duration.ofSeconds(20));
                Thread.sleep(2000);
                web.switchTo("2.0");
                rollbacks.awaitRequests(1, Duration.ofSeconds(90));
                RealPrometheus.await("the page sent", Duration.ofSeconds(30), () -> alertmanager.requests().stream()
                        .anyMatch(r -> r.body().toString().contains(GUARD)));
                awaitAnswers(fleet);

                long stoppedAt = System.currentTimeMillis();
                pg.stop();
                // each replica notices at its next lease tick (every 2 s); a 503 for another reason (no
                // leader publishing yet) is not that replica noticing the store, so wait for the store's
                RealPrometheus.await("every replica to stop leading and say why", Duration.ofSeconds(15),
                        () -> fleet.leaders().isEmpty() && fleet.alive().stream().allMatch(r -> {
                            try {
                                Answer ready = fleet.get(r, "/readyz");
                                return ready.status() == 503 && ready.body().toString().contains("store");
                            } catch (Exception e) {
                                return false;
                            }
                        }));
                int rollbacksBefore = rollbacks.requests().size();
                int pagesBefore = alertmanager.requests().size();
                List<String> seen = new ArrayList<>();
                long restartAt = stoppedAt + OUTAGE.toMillis();
                while (System.currentTimeMillis() < restartAt) {
                    for (Replica r : fleet.alive()) {
                        Answer a = fleet.get(r, READINESS);
                        assertThat(a.status()).as("%s readiness during the outage", r.name()).isEqualTo(200);
                        assertThat(a.body().path("state").asText()).as("%s: %s\n%s", r.name(), a.body(), fleet.logs()).isEqualTo("unknown");
                        JsonNode store = null;
                        for (JsonNode c : a.body().path("criteria")) {
                            store = c.path("name").asText().equals("store") ? c : store;
                        }
                        assertThat(store).as("%s names the store: %s", r.name(), a.body()).isNotNull();
                        assertThat(store.path("state").asText()).isEqualTo("unknown");
                        Answer ready = fleet.get(r, "/readyz");
                        assertThat(ready.status()).as("%s /readyz", r.name()).isEqualTo(503);
                        assertThat(ready.body().toString()).as("%s /readyz", r.name()).contains("unknown")
                                .contains("store");
                        seen.add(r.name() + " " + ready.body().path("reason").asText());
                    }
                    assertThat(fleet.leaders()).as("leaders while the store is down").isEmpty();
                    Thread.sleep(500);
                }
                assertThat(rollbacks.requests()).as("rollbacks while the store is down").hasSize(rollbacksBefore);
                assertThat(alertmanager.requests()).as("pages while the store is down").hasSize(pagesBefore);
                System.out.println("while PostgreSQL was down, /readyz said: " + seen.stream().distinct().toList());

                pg.start();
                long restartedAt = System.currentTimeMillis();
                Replica leader = fleet.awaitLeader(Duration.ofSeconds(30));
                System.out.printf("%s leads %.2f s after PostgreSQL came back%n", leader.name(),
                        (System.currentTimeMillis() - restartedAt) / 1e3);
                assertThat(fleet.alive()).as("nothing crashed").hasSize(2);
                // every replica kept probing its share during the outage; the probes waited in memory
                RealPrometheus.await("api probed again after the outage", Duration.ofSeconds(20),
                        () -> runs(db, "api").stream().anyMatch(r -> r[1] > restartedAt));
                List<long[]> runs = runs(db, "api");
                runs.sort(java.util.Comparator.comparingLong(r -> r[0]));
                long gap = 0;
                for (int i = 1; i < runs.size(); i++) {
                    gap = Math.max(gap, runs.get(i)[0] - runs.get(i - 1)[1]);
                }
                System.out.printf("api's longest gap between runs across the %d s outage: %.1f s%n",
                        OUTAGE.toSeconds(), gap / 1e3);
                assertThat(gap).as("the probes made while PostgreSQL was down reached it afterwards (no outage-long gap)")
                        .isLessThan(OUTAGE.toMillis() / 3);
                assertThat(rollbacks.requests()).as("rollbacks of web 2.0 after the outage").hasSize(1);
                RealPrometheus.await("the new leader to resend the page", Duration.ofSeconds(30),
                        () -> alertmanager.requests().size() > pagesBefore);
            } finally {
                fleet.close();
            }
        }
    }

    /** {started_at, ended_at, probes} of each run of {@code component}, finished or open. */
    static List<long[]> runs(Database db, String component) {
        List<long[]> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.properties()); PreparedStatement ps = c.prepareStatement(
                "SELECT started_at, ended_at, probes FROM probe_runs WHERE component = ?"
                        + " UNION ALL SELECT started_at, ended_at, probes FROM open_runs WHERE component = ?")) {
            ps.setString(1, component);
            ps.setString(2, component);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
