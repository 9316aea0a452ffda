package dev.promotiond.bench;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.Observation;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.LedgerBenchSupport;
import dev.promotiond.store.Store;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Target 3, run in its own JVM with a fixed heap (see {@link Bench}): the retained heap of the
 * in-memory ledger for 10,000 components with a week of 10-second probes, and the SQLite file
 * size per component-week, measured on 100 components and extrapolated.
 *
 * <p>Heap numbers are "used heap after repeated full GCs" (MemoryMXBean) before and after building
 * each structure while the previous ones stay reachable; class loading is warmed up first with a
 * small fleet so that static state lands in the baseline.
 */
public final class LedgerMemory {
    static final double MIB = 1024.0 * 1024.0;

    private LedgerMemory() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int sqliteComponents = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        System.out.printf("# heap: max %.0f MiB (%s), GC %s%n", Runtime.getRuntime().maxMemory() / MIB,
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
        heap(n);
        sqlite(sqliteComponents, "svc-", false);
        sqlite(sqliteComponents, "svc-", true);
        sqlite(sqliteComponents, "payments-checkout-api-", true);
    }

    static void heap(int n) throws Exception {
        Fleet.build(10, 7, true).close(); // load classes, SQLite driver and its statics
        List<ComponentConfig> configs = Fleet.configs(n);
        long base = usedAfterGc();

        Fleet fleet = Fleet.build(configs, 7, true);
        long withLedger = usedAfterGc();
        report("Ledger, " + n + " components x 7 days of 10 s probes (+ soak, last probe)", withLedger - base, n);

        System.out.printf("  (runs kept in memory for svc-0 (a DOWN every 17 minutes): %d; for svc-1 (stable): %d)%n",
                LedgerBenchSupport.runs(fleet.ledger, Fleet.name(0)), LedgerBenchSupport.runs(fleet.ledger, Fleet.name(1)));
        long afterRings = withLedger;

        DroolsRuleEngine engine = DroolsRuleEngine.compile(EvaluationCycleBench.rulesDir());
        long withEngine = usedAfterGc();
        report("compiled default rules (KieBase)", withEngine - afterRings, 0);
        EvaluationCycle cycle = new EvaluationCycle(Clock.fixed(Fleet.NOW, ZoneOffset.UTC), fleet.ledger,
                () -> fleet.configs, () -> engine, () -> Fleet.slis(n, Fleet.NOW));
        Evaluation evaluation = cycle.run();
        long withEvaluation = usedAfterGc();
        report("last published Evaluation (" + n + " components)", withEvaluation - withEngine, n);
        report("total: ledger + rules + published evaluation", withEvaluation - afterRings + (withLedger - base), n);
        Reference.reachabilityFence(evaluation);
        Reference.reachabilityFence(configs);
        fleet.close();
    }

    /**
     * Builds a week of SQLite history for {@code n} components two ways: bulk-seeded one component
     * at a time ({@code Store.seedBuckets}, as the demo does), and as the daemon writes it —
     * {@code Ledger.record} for every 10-second probe in time order, all components interleaved,
     * committed once per simulated minute (the daemon commits every second; the extra updates of
     * a bucket do not change the file's size).
     */
    static void sqlite(int n, String prefix, boolean timeOrdered) throws Exception {
        Path dir = Files.createTempDirectory("promotiond-bench-sqlite");
        Path db = dir.resolve("ledger.db");
        long nowMinute = Math.floorDiv(Fleet.NOW.getEpochSecond(), 60);
        long first = nowMinute - 7 * 1440;
        long t0 = System.nanoTime();
        try (Store store = Store.open(db)) {
            if (timeOrdered) {
                Ledger ledger = new Ledger(store);
                Instant start = Instant.ofEpochSecond(first * 60);
                ledger.load(start);
                for (int i = 0; i < n; i++) {
                    ledger.declare(prefix + i, Fleet.stage(i), 10, start);
                }
                LongPredicate[] down = new LongPredicate[n];
                for (int i = 0; i < n; i++) {
                    down[i] = Fleet.downMinutes(i);
                }
                for (long m = first; m < nowMinute; m++) {
                    for (int s = 0; s < 60; s += 10) {
                        for (int i = 0; i < n; i++) {
                            boolean up = !(s == 0 && down[i].test(m));
                            ledger.record(new Observation(prefix + i, Instant.ofEpochSecond(m * 60 + s + i % 10), up,
                                    up ? "ok" : "status 503", Fleet.version(i), Duration.ofMillis(12)));
                        }
                    }
                    store.flush();
                }
            } else {
                for (int i = 0; i < n; i++) {
                    Map<Long, long[]> buckets = new HashMap<>();
                    LongPredicate down = Fleet.downMinutes(i);
                    long up = 0;
                    long downs = 0;
                    for (long m = first; m < nowMinute; m++) {
                        int d = down.test(m) ? 1 : 0;
                        buckets.put(m, new long[] {Fleet.PROBES_PER_MINUTE - d, d});
                        up += Fleet.PROBES_PER_MINUTE - d;
                        downs += d;
                    }
                    store.seedBuckets(prefix + i, Fleet.stage(i), Fleet.version(i), buckets);
                    store.seedSoak(prefix + i, Fleet.stage(i), Fleet.version(i), Fleet.NOW.minus(Duration.ofDays(7)),
                            up, downs, Fleet.NOW.minusSeconds(15));
                }
                Ledger ledger = new Ledger(store);
                ledger.load(Fleet.NOW);
                for (int i = 0; i < n; i++) {
                    ledger.declare(prefix + i, Fleet.stage(i), 10, Fleet.NOW);
                    ledger.record(new Observation(prefix + i, Fleet.NOW.minusSeconds(5), true, "ok", Fleet.version(i),
                            Duration.ofMillis(12)));
                }
            }
        } // closing the last connection checkpoints the WAL into the main file
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        long bytes = 0;
        StringBuilder files = new StringBuilder();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path p = dir.resolve("ledger.db" + suffix);
            if (Files.exists(p)) {
                bytes += Files.size(p);
                files.append(" ledger.db").append(suffix).append('=').append(Files.size(p));
            }
        }
        double perComponent = (double) bytes / n;
        System.out.printf("SQLite, %d components x 7 days, %s, names like \"%s123\": %.1f MiB = %.0f KiB per"
                        + " component-week -> x 10,000 components = %.2f GiB (extrapolated) [written in %.1f s;%s]%n",
                n, timeOrdered ? "written probe by probe in time order" : "bulk-seeded per component", prefix,
                bytes / MIB, perComponent / 1024, perComponent * 10_000 / (MIB * 1024), writeSeconds, files);

        try (Store store = Store.open(db)) {
            long t1 = System.nanoTime();
            new Ledger(store).load(Fleet.NOW);
            double loadSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("  restart: Ledger.load of these %d component-weeks took %.2f s"
                    + " (x 100 for 10,000 components = ~%.0f s, extrapolated)%n", n, loadSeconds, loadSeconds * 100);
        }
        Fleet.deleteTree(dir);
    }

    static void report(String what, long bytes, int n) {
        if (n > 0) {
            System.out.printf("%-75s %8.1f MiB  (%,.0f bytes per component)%n", what + ":", bytes / MIB,
                    (double) bytes / n);
        } else {
            System.out.printf("%-75s %8.1f MiB%n", what + ":", bytes / MIB);
        }
    }

    static long usedAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(150);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
