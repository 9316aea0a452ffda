package dev.promotiond.bench;

import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Verdicts;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rules half of a cycle ({@code DroolsRuleEngine.evaluate}) at several fleet sizes, one session
 * over the whole fleet against partitions of {@link DroolsRuleEngine#PARTITION_SIZE} in parallel,
 * side by side: the two alternate iteration by iteration, so load from elsewhere hits both alike.
 * Facts from {@link FleetFacts} (no store). Prints p50, min and max per size and mode, and the
 * ratio of the p50s.
 *
 * <p>Usage: {@code PartitionedCycleBench [sizes...]}, default 1000 10000 30000 100000;
 * {@code -Dbench.partitionSize=N} tries another partition size than the engine's. {@link Bench}
 * runs it in its own JVM with the container image's GC ({@code -XX:+UseParallelGC}).
 */
public final class PartitionedCycleBench {
    private PartitionedCycleBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {1_000, 10_000, 30_000, 100_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("# load average before: " + Bench.loadAverage());
        System.out.println("# JVM: " + ManagementFactory.getRuntimeMXBean().getInputArguments() + ", "
                + Runtime.getRuntime().availableProcessors() + " processors, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        int partitionSize = Integer.getInteger("bench.partitionSize", DroolsRuleEngine.PARTITION_SIZE);
        System.out.println("# partitions of " + partitionSize + " components");
        DroolsRuleEngine engine = DroolsRuleEngine.compile(EvaluationCycleBench.rulesDir());
        System.out.printf("%-10s %-12s %6s %10s %10s %10s %12s %8s%n", "components", "mode", "runs", "p50 ms",
                "min ms", "max ms", "GC ms/run", "results");
        for (int n : sizes) {
            Snapshot facts = FleetFacts.of(n);
            int measured = Math.max(3, Math.min(30, 300_000 / n));
            int warmup = Math.max(1, measured / 3);
            List<Long> single = new ArrayList<>();
            List<Long> partitioned = new ArrayList<>();
            long[] gc = new long[2];
            int results = 0;
            for (int i = 0; i < warmup + measured; i++) {
                long g0 = gcMillis();
                long a = time(engine, facts, Integer.MAX_VALUE);
                long g1 = gcMillis();
                long b = time(engine, facts, partitionSize);
                long g2 = gcMillis();
                if (i >= warmup) {
                    gc[0] += g1 - g0;
                    gc[1] += g2 - g1;
                    single.add(a);
                    partitioned.add(b);
                }
            }
            results = engine.evaluate(facts).criteria().size();
            print(n, "one session", single, gc[0], results);
            print(n, "partitioned", partitioned, gc[1], results);
            System.out.printf("%-10d ratio p50 one session / partitioned: %.1fx%n", n,
                    (double) p50(single) / p50(partitioned));
            System.out.println("# load average: " + Bench.loadAverage());
        }
        System.out.println("# load average after: " + Bench.loadAverage());
    }

    private static long time(DroolsRuleEngine engine, Snapshot facts, int partitionSize) {
        long t = System.nanoTime();
        Verdicts v = engine.evaluate(facts, partitionSize);
        long ns = System.nanoTime() - t;
        if (v.criteria().isEmpty()) {
            throw new IllegalStateException("no criteria: the rules did not run");
        }
        return ns;
    }

    private static long p50(List<Long> ns) {
        List<Long> sorted = ns.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static void print(int n, String mode, List<Long> ns, long gcMillis, int results) {
        System.out.printf("%-10d %-12s %6d %10.0f %10.0f %10.0f %12.0f %8d%n", n, mode, ns.size(), p50(ns) / 1e6,
                ns.stream().mapToLong(Long::longValue).min().orElseThrow() / 1e6,
                ns.stream().mapToLong(Long::longValue).max().orElseThrow() / 1e6, (double) gcMillis / ns.size(),
                results);
    }

    /** Time the collectors spent so far (pauses, for ParallelGC). */
    private static long gcMillis() {
        long ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }
}
