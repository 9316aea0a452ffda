package dev.promotiond.bench;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Sli;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Coordination;
import dev.promotiond.store.Database;
import dev.promotiond.store.Decisions;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.LedgerBenchSupport;
import dev.promotiond.store.Store;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongPredicate;

/**
 * SQLite against PostgreSQL, side by side in one JVM, through the daemon's own classes (issue 15,
 * "Performance"): for each store, a {@link Fleet}-shaped fleet of {@code N} components is built on
 * it, then
 * <ol>
 *   <li><b>probe flush</b>: {@code ROUNDS} simulated seconds of a fleet probed every 10 s, i.e.
 *       N/10 {@code Ledger.record} calls then the {@code Store.flush()} the daemon runs every
 *       second (every 97th probe DOWN, so runs end and new ones start); then one burst of N probes
 *       and one flush, for the ceiling in probes per second;</li>
 *   <li><b>cycle</b>: {@code EvaluationCycle.run()} with the bundled rules (the ledger is in memory,
 *       so this is the same code on both stores; measured on each to show it);</li>
 *   <li><b>publish</b>: what the leader does after each cycle, {@code PublishedDecisions.publish}
 *       under a real lease fence (JSON of every changed component, one transaction), first as a new
 *       leader (every component written) and then cycle after cycle (the clock moves 10 s a cycle,
 *       so soak clocks change and nearly every component is written again); and a follower's
 *       {@code follow()} reading each of those publications back;</li>
 *   <li><b>publish, store only</b>: {@code Decisions.publish} with bodies encoded beforehand.</li>
 * </ol>
 * PostgreSQL is a server the caller started (daemon/bench/postgres-peers.sh starts one with fsync
 * on); a fresh database is created in it for each run. The SQLite file is in a temporary folder.
 *
 * <p>Usage: {@code StoreBackendsBench HOST PORT USER PASSWORD_FILE [N=10000] [ROUNDS=60] [CYCLES=12]}
 */
public final class StoreBackendsBench {
    private StoreBackendsBench() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String password = Files.readAllLines(Path.of(args[3])).get(0).trim();
        int n = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 60;
        int cycles = args.length > 6 ? Integer.parseInt(args[6]) : 12;
        Path rules = EvaluationCycleBench.rulesDir();
        DroolsRuleEngine engine = DroolsRuleEngine.compile(rules);
        System.out.printf("# %d components, %d flush rounds, %d cycles; load %s%n", n, rounds, cycles, loadavg());

        Path dir = Files.createTempDirectory("promotiond-stores");
        Database sqlite = Database.sqlite(dir.resolve("store.db"));
        String dbName = "bench_" + System.currentTimeMillis();
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", p);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dbName + " OWNER " + user);
        }
        Database postgres = Database.postgres("postgres://" + user + "@" + host + ":" + port + "/" + dbName, host,
                port, dbName, user, password, "disable", null);

        List<String> lines = new ArrayList<>();
        for (Database db : List.of(sqlite, postgres)) {
            lines.addAll(run(db, n, rounds, cycles, engine));
        }
        System.out.println();
        System.out.println("store | measure | p50 | p90 | max | unit");
        lines.forEach(System.out::println);
        System.out.printf("# load at end %s%n", loadavg());
        Fleet.deleteTree(dir);
    }

    private static List<String> run(Database db, int n, int rounds, int cycles, DroolsRuleEngine engine)
            throws Exception {
        String kind = db.isPostgres() ? "postgresql" : "sqlite";
        List<String> out = new ArrayList<>();
        List<ComponentConfig> configs = Fleet.configs(n);
        long t0 = System.nanoTime();
        try (Store store = Store.open(db); Coordination coordination = new Coordination(db)) {
            Ledger ledger = build(store, configs);
            System.out.printf("%s: fleet built in %.1f s (load %s)%n", kind, (System.nanoTime() - t0) / 1e9, loadavg());

            // 1. one second of probes, then the flush
            int perSecond = Math.max(1, n / 10);
            double[] flush = new double[rounds];
            int next = 0;
            long seq = 0;
            for (int r = 0; r < rounds; r++) {
                Instant at = Fleet.NOW.plusSeconds(r);
                long s = System.nanoTime();
                for (int k = 0; k < perSecond; k++) {
                    int i = next;
                    ledger.record(new Observation(Fleet.name(i), at, seq++ % 97 != 0, "ok", Fleet.version(i),
                            Duration.ofMillis(12)));
                    next = (next + 1) % n;
                }
                store.flush();
                flush[r] = (System.nanoTime() - s) / 1e6;
            }
            out.add(row(kind, "record " + perSecond + " probes + flush (one second of the fleet)", flush, "ms"));
            double[] perProbe = Arrays.stream(flush).map(ms -> ms * 1000 / perSecond).toArray();
            out.add(row(kind, "per probe (record + its share of the flush)", perProbe, "µs"));
            double[] burst = new double[3];
            for (int b = 0; b < burst.length; b++) {
                Instant at = Fleet.NOW.plusSeconds(rounds + b);
                long s = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    ledger.record(new Observation(Fleet.name(i), at, seq++ % 97 != 0, "ok", Fleet.version(i),
                            Duration.ofMillis(12)));
                }
                store.flush();
                burst[b] = n / ((System.nanoTime() - s) / 1e9);
            }
            out.add(row(kind, "burst: " + n + " probes then one flush", burst, "probes/s"));

            // 2. the evaluation cycle, the clock moving 10 s a cycle
            dev.promotiond.clock.ManualClock clock = new dev.promotiond.clock.ManualClock(Fleet.NOW.plusSeconds(rounds + 10));
            List<Sli> slis = Fleet.slis(n, clock.instant());
            EvaluationCycle cycle = new EvaluationCycle(clock, ledger, () -> configs, () -> engine, () -> slis);
            for (int w = 0; w < 3; w++) {
                cycle.run();
                clock.advance(java.time.Duration.ofSeconds(10));
            }
            double[] cycleMs = new double[cycles];
            List<Evaluation> evaluations = new ArrayList<>();
            for (int c = 0; c < cycles; c++) {
                long s = System.nanoTime();
                evaluations.add(cycle.run());
                cycleMs[c] = (System.nanoTime() - s) / 1e6;
                clock.advance(java.time.Duration.ofSeconds(10));
            }
            out.add(row(kind, "evaluation cycle (bundled rules)", cycleMs, "ms"));

            // 3. publishing under the lease, and a follower reading it back
            long epoch = coordination.acquireOrRenew("bench-leader", 0, 60_000);
            ActionStore.Fence fence = new ActionStore.Fence("bench-leader", epoch);
            Decisions decisions = new Decisions(store.database());
            Object leader = published(decisions, configs);
            Object follower = published(new Decisions(store.database()), configs);
            double[] publishMs = new double[cycles];
            double[] followMs = new double[cycles];
            double firstMs = 0;
            double firstFollowMs = 0;
            for (int c = 0; c < cycles; c++) {
                long s = System.nanoTime();
                if (!(boolean) PUBLISH.invoke(leader, evaluations.get(c), fence)) {
                    throw new IllegalStateException("the fence failed");
                }
                double ms = (System.nanoTime() - s) / 1e6;
                s = System.nanoTime();
                Evaluation read = (Evaluation) FOLLOW.invoke(follower);
                double fms = (System.nanoTime() - s) / 1e6;
                if (read == null || read.components().size() != n) {
                    throw new IllegalStateException("the follower read " + (read == null ? "nothing" : read.components().size()));
                }
                if (c == 0) {
                    firstMs = ms;
                    firstFollowMs = fms;
                }
                publishMs[c] = ms;
                followMs[c] = fms;
                coordination.acquireOrRenew("bench-leader", epoch, 60_000);
            }
            out.add(row(kind, "publish, new leader (all " + n + " written)", new double[] {firstMs}, "ms"));
            out.add(row(kind, "publish, next cycles", Arrays.copyOfRange(publishMs, 1, cycles), "ms"));
            out.add(row(kind, "follow: read a publication back, new follower", new double[] {firstFollowMs}, "ms"));
            out.add(row(kind, "follow: next publications", Arrays.copyOfRange(followMs, 1, cycles), "ms"));

            // 4. the store's half of publishing: the same bodies, encoded beforehand
            Map<String, String> bodies = new LinkedHashMap<>();
            Method write = PUBLISHED.getDeclaredMethod("write", Object.class);
            write.setAccessible(true);
            Class<?> stored = Class.forName(PUBLISHED.getName() + "$Stored");
            Method of = stored.getDeclaredMethod("of", dev.promotiond.cycle.ComponentStatus.class);
            of.setAccessible(true);
            long bytes = 0;
            long s0 = System.nanoTime();
            for (var c : evaluations.get(cycles - 1).components()) {
                String body = (String) write.invoke(null, of.invoke(null, c));
                bodies.put(c.name(), body);
                bytes += body.length();
            }
            double encodeMs = (System.nanoTime() - s0) / 1e6;
            int changed = 0;
            for (var c : evaluations.get(cycles - 2).components()) {
                if (!bodies.get(c.name()).equals(write.invoke(null, of.invoke(null, c)))) {
                    changed++;
                }
            }
            out.add(row(kind, "components whose body changed from one cycle to the next", new double[] {changed},
                    "of " + n));
            out.add(row(kind, "encode " + n + " bodies (JSON, " + bytes / n + " chars each)", new double[] {encodeMs}, "ms"));
            double[] storeOnly = new double[Math.max(3, cycles / 2)];
            for (int c = 0; c < storeOnly.length; c++) {
                long s = System.nanoTime();
                if (decisions.publish(fence, clock.millis(), n, "{}", bodies.entrySet()) < 0) {
                    throw new IllegalStateException("the fence failed");
                }
                storeOnly[c] = (System.nanoTime() - s) / 1e6;
            }
            out.add(row(kind, "Decisions.publish only (" + n + " rows, one transaction)", storeOnly, "ms"));
        }
        System.out.printf("%s done (load %s)%n", kind, loadavg());
        return out;
    }

    /** {@link Fleet#build} on any store: soaks through the store, a week of windows in memory, one live probe each. */
    private static Ledger build(Store store, List<ComponentConfig> configs) {
        Ledger ledger = new Ledger(store);
        long nowMinute = Math.floorDiv(Fleet.NOW.getEpochSecond(), 60);
        long lastMinute = nowMinute - 1;
        long firstMinute = nowMinute - 7 * 1440L + 1;
        for (int i = 0; i < configs.size(); i++) {
            long soakStart = nowMinute - Fleet.soakAgeMinutes(i);
            LongPredicate down = Fleet.downMinutes(i);
            long up = 0;
            long downs = 0;
            for (long m = soakStart; m <= lastMinute; m++) {
                int d = m >= firstMinute && down.test(m) ? 1 : 0;
                up += Fleet.PROBES_PER_MINUTE - d;
                downs += d;
            }
            LedgerBenchSupport.queueSoak(store, Fleet.name(i), configs.get(i).stage(), Fleet.version(i),
                    Instant.ofEpochSecond(soakStart * 60), up, downs, Instant.ofEpochSecond(lastMinute * 60 + 50));
        }
        store.flush();
        ledger.load(Fleet.NOW);
        for (ComponentConfig c : configs) {
            ledger.declare(c.name(), c.stage(), c.health().interval().toSeconds(), Fleet.NOW);
        }
        for (int i = 0; i < configs.size(); i++) {
            LedgerBenchSupport.fillWindows(ledger, Fleet.name(i), firstMinute, lastMinute, Fleet.PROBES_PER_MINUTE,
                    Fleet.downMinutes(i));
        }
        Instant at = Fleet.NOW.minusSeconds(5);
        for (int i = 0; i < configs.size(); i++) {
            ledger.record(new Observation(Fleet.name(i), at, true, "ok", Fleet.version(i), Duration.ofMillis(12)));
        }
        store.flush();
        return ledger;
    }

    private static final Class<?> PUBLISHED;
    private static final Constructor<?> NEW_PUBLISHED;
    private static final Method PUBLISH;
    private static final Method FOLLOW;

    static {
        try {
            // reached by reflection (it was package-private once); the methods are public in cluster now
            PUBLISHED = Class.forName("dev.promotiond.cluster.PublishedDecisions");
            NEW_PUBLISHED = PUBLISHED.getDeclaredConstructor(Decisions.class, List.class);
            NEW_PUBLISHED.setAccessible(true);
            PUBLISH = PUBLISHED.getDeclaredMethod("publish", Evaluation.class, ActionStore.Fence.class);
            PUBLISH.setAccessible(true);
            FOLLOW = PUBLISHED.getDeclaredMethod("follow");
            FOLLOW.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Object published(Decisions decisions, List<ComponentConfig> configs) throws Exception {
        return NEW_PUBLISHED.newInstance(decisions, configs);
    }

    private static String row(String kind, String what, double[] values, String unit) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format("%s | %s | %s | %s | %s | %s", kind, what, fmt(v[(v.length - 1) / 2]),
                fmt(v[(int) Math.ceil(v.length * 0.9) - 1]), fmt(v[v.length - 1]), unit);
    }

    private static String fmt(double d) {
        return d >= 100 ? String.format("%,.0f", d) : String.format("%.1f", d);
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
