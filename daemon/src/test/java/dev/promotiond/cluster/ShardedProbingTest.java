package dev.promotiond.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Stage;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.store.Coordination;
import dev.promotiond.store.Database;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.Store;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.RealPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three replicas in this JVM share one real PostgreSQL store and probe real endpoints: each
 * component is probed by one of them, a replica that dies (no leave, no last flush) has its
 * components taken over within the bound, and the leader's ledger sees what the others recorded.
 * Probing runs on the real clock (sockets and heartbeats need it); what is asserted is read from
 * the endpoints' request counts and the probe history in the store, never from elapsed time.
 */
class ShardedProbingTest {
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int COMPONENTS = 24;

    private final List<Node> nodes = new ArrayList<>();
    private FakeEndpoints endpoints;

    /** One replica: its store connection, heartbeat, ledger and share of the probing. */
    private static final class Node implements AutoCloseable {
        final Store store;
        final Coordination coordination;
        final Replica replica;
        final Ledger ledger;
        final ShardedProbing probing;
        final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        final HttpHealthProbe probe = new HttpHealthProbe(Clock.systemUTC(), 8);
        /** Probes this replica made, by component, counted as they reach its ledger. */
        final Map<String, AtomicLong> observed = new ConcurrentHashMap<>();

        Node(Database db, String id, List<ComponentConfig> components) {
            store = Store.open(db);
            coordination = new Coordination(db);
            replica = new Replica(coordination, id, "test", LEASE, System::nanoTime, false);
            ledger = new Ledger(store);
            Instant now = Instant.now();
            ledger.load(now);
            components.forEach(c -> ledger.declare(c.name(), c.stage(), c.health().interval().toSeconds(), now));
            probing = new ShardedProbing(new ProbeScheduler(timers, probe, o -> {
                observed.computeIfAbsent(o.component(), k -> new AtomicLong()).incrementAndGet();
                ledger.record(o);
            }), ledger, components,
                    replica.renewEvery(), Clock.systemUTC());
            long beat = replica.renewEvery().toMillis();
            timers.scheduleWithFixedDelay(() -> {
                try {
                    replica.tick();
                    if (replica.unreachable() == null) {
                        probing.rebalance(replica.id(), replica.members());
                    }
                } catch (RuntimeException e) {
                    e.printStackTrace(); // keeps ticking, as the daemon's task wrapper does
                }
            }, 0, beat, TimeUnit.MILLISECONDS);
            timers.scheduleWithFixedDelay(store::flush, 200, 200, TimeUnit.MILLISECONDS);
        }

        /** Dies as kill -9 would: no more heartbeats, probes or flushes; the lease and heartbeat rows stay. */
        void die() throws InterruptedException {
            timers.shutdownNow();
            timers.awaitTermination(5, TimeUnit.SECONDS);
            probe.close();
        }

        @Override
        public void close() {
            try {
                die();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // still close the store below; the caller sees the flag
            }
            coordination.close();
            try {
                store.close();
            } catch (RuntimeException ignored) {
                // the test is over
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
    }

    private List<ComponentConfig> components() throws Exception {
        endpoints = new FakeEndpoints();
        List<ComponentConfig> out = new ArrayList<>();
        for (int i = 0; i < COMPONENTS; i++) {
            String name = "svc-" + i;
            endpoints.add(name);
            out.add(new ComponentConfig(name, "g", Stage.STAGING, List.of(), new HealthCheck(endpoints.url(name),
                    INTERVAL, Duration.ofMillis(500), "/status", HealthCheck.DEFAULT_HEALTHY, null, Set.of(), 4096)));
        }
        return out;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 300 && !done.getAsBoolean(); i++) { // 30 s at most
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    private boolean everyComponentProbedOnce() {
        Map<String, Integer> owners = new HashMap<>();
        nodes.stream().filter(n -> !n.timers.isShutdown()).forEach(n -> n.probing.probing().forEach(c -> owners.merge(c, 1, Integer::sum)));
        return owners.size() == COMPONENTS && owners.values().stream().allMatch(v -> v == 1);
    }

    /** Each replica's probes so far, by component, in the order of {@link #nodes}. */
    private List<Map<String, Long>> observedByNode() {
        List<Map<String, Long>> out = new ArrayList<>();
        for (Node n : nodes) {
            Map<String, Long> counts = new HashMap<>();
            n.observed.forEach((c, v) -> counts.put(c, v.get()));
            out.add(counts);
        }
        return out;
    }

    /** The replicas (by index) whose probes of {@code component} grew from {@code from} to {@code to}, and by how much. */
    private static Map<Integer, Long> grownBy(List<Map<String, Long>> from, List<Map<String, Long>> to, String component) {
        Map<Integer, Long> out = new HashMap<>();
        for (int i = 0; i < to.size(); i++) {
            long grown = to.get(i).getOrDefault(component, 0L) - from.get(i).getOrDefault(component, 0L);
            if (grown > 0) {
                out.put(i, grown);
            }
        }
        return out;
    }

    @Test
    void eachComponentIsProbedByOneReplicaAndADeadReplicasShareIsTakenOverWithoutDoubleOrLongGap() throws Exception {
        Database db = RealPostgres.shared().newDatabase();
        List<ComponentConfig> components = components();
        for (String id : List.of("a", "b", "c")) {
            nodes.add(new Node(db, id, components));
        }
        await("every component probed by exactly one replica", () -> nodes.get(2).replica.members().size() == 3
                && !nodes.get(2).probing.probing().isEmpty() && everyComponentProbedOnce());

        // who probes what is read at each replica's sink, up to a barrier of three more probes of
        // every component, whoever made them: a component probed by two replicas shows up in two
        List<Map<String, Long>> before = observedByNode();
        await("three more probes of every component", () -> {
            List<Map<String, Long>> now = observedByNode();
            return components.stream().allMatch(c -> grownBy(before, now, c.name()).values().stream()
                    .mapToLong(Long::longValue).sum() >= 3);
        });
        List<Map<String, Long>> after = observedByNode();
        for (ComponentConfig c : components) {
            assertThat(grownBy(before, after, c.name())).as("replicas that probed %s", c.name()).hasSize(1);
        }

        Node dead = nodes.get(2);
        Set<String> orphaned = dead.probing.probing();
        assertThat(orphaned).isNotEmpty();
        dead.die();
        await("the dead replica's components are probed by the others", () -> {
            Set<String> taken = new java.util.HashSet<>(nodes.get(0).probing.probing());
            taken.addAll(nodes.get(1).probing.probing());
            return taken.containsAll(orphaned);
        });
        List<Map<String, Long>> takenOver = observedByNode();
        await("two probes of every orphaned component by its new owner", () -> {
            List<Map<String, Long>> now = observedByNode();
            return orphaned.stream().allMatch(c -> grownBy(takenOver, now, c).values().stream()
                    .mapToLong(Long::longValue).sum() >= 2);
        });
        nodes.get(0).store.flush();
        nodes.get(1).store.flush();

        long bound = LEASE.plus(nodes.get(0).replica.renewEvery()).plus(INTERVAL).toMillis();
        Map<String, List<long[]>> runs = runs(db);
        // once per interval, not twice by one replica either: the stored runs hold no more probes than slots
        runs.forEach((c, rs) -> rs.forEach(r -> assertThat(r[2]).as("%s: no slot recorded twice", c)
                .isLessThanOrEqualTo((r[1] - r[0]) / INTERVAL.toMillis() + 2)));
        for (String c : orphaned) {
            List<long[]> rs = runs.get(c);
            assertThat(rs).as(c).isNotEmpty();
            for (int i = 0; i < rs.size(); i++) {
                long[] r = rs.get(i);
                long slots = (r[1] - r[0]) / INTERVAL.toMillis() + 1;
                assertThat(r[2]).as("%s run %d: no slot recorded twice", c, i).isLessThanOrEqualTo(slots + 1);
                if (i > 0) {
                    long gap = r[0] - rs.get(i - 1)[1];
                    assertThat(gap).as("%s: runs do not overlap", c).isPositive();
                    assertThat(gap).as("%s: the handover gap is within lease + heartbeat + interval (+ 1.5 s for a loaded machine's scheduling)", c)
                            .isLessThanOrEqualTo(bound + 1500);
                }
            }
            assertThat(rs.get(rs.size() - 1)[1]).as("%s probed after the handover", c)
                    .isGreaterThan(rs.get(0)[1]);
        }
    }

    @Test
    void theLeadersLedgerSeesDownProbesAnotherReplicaRecorded() throws Exception {
        Database db = RealPostgres.shared().newDatabase();
        List<ComponentConfig> components = components();
        for (String id : List.of("a", "b")) {
            nodes.add(new Node(db, id, components));
        }
        await("both replicas probe their share", () -> nodes.stream().allMatch(n -> !n.probing.probing().isEmpty())
                && everyComponentProbedOnce());
        await("one replica leads", () -> nodes.stream().anyMatch(n -> n.replica.leads()));
        Node leader = nodes.stream().filter(n -> n.replica.leads()).findFirst().orElseThrow();
        Node follower = nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
        String c = follower.probing.probing().iterator().next();
        endpoints.add(c).healthy = false;
        await("the follower recorded DOWN probes of " + c, () -> {
            var v = follower.ledger.view(c, Instant.now());
            return v != null && v.uptime("1h").down() >= 2;
        });
        follower.store.flush();
        assertThat(leader.ledger.view(c, Instant.now()).uptime("1h").down())
                .as("before a refresh the leader knows nothing of the follower's probes").isZero();

        leader.probing.refreshOthers();

        var seen = leader.ledger.view(c, Instant.now());
        assertThat(seen.uptime("1h").down()).isGreaterThanOrEqualTo(2);
        assertThat(seen.lastProbeUp()).isFalse();
        assertThat(seen.soak()).isNotNull();
        assertThat(seen.soak().down()).isGreaterThanOrEqualTo(2);
    }

    /** Every component's runs in the store, finished then open, by start: {from, to, probes}. */
    private static Map<String, List<long[]>> runs(Database db) throws Exception {
        Map<String, List<long[]>> out = new HashMap<>();
        try (Connection conn = connect(db); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT component, started_at, ended_at, probes FROM probe_runs UNION ALL"
                     + " SELECT component, started_at, ended_at, probes FROM open_runs ORDER BY 1, 2")) {
            while (rs.next()) {
                List<long[]> list = out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                long[] row = {rs.getLong(2), rs.getLong(3), rs.getLong(4)};
                if (!list.isEmpty() && list.get(list.size() - 1)[0] == row[0]) {
                    list.set(list.size() - 1, row); // the open run is the newest word on a run it ended
                } else {
                    list.add(row);
                }
            }
        }
        return out;
    }

    private static Connection connect(Database db) throws Exception {
        return java.sql.DriverManager.getConnection(db.jdbcUrl(), db.properties());
    }
}
