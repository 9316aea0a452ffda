package dev.promotiond.bench;

import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Verdicts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rules half of a cycle ({@code DroolsRuleEngine.evaluate}) at several fleet sizes: one session
 * over the whole fleet against partitions of {@link DroolsRuleEngine#PARTITION_SIZE} in parallel.
 * Each size and mode runs in a fresh JVM with this JVM's options (a session of 100,000 components
 * leaves the heap full of old tuples, which would bill its collections to whatever runs next); the
 * two modes of one size run one right after the other, so they see about the same load. Facts from
 * {@link FleetFacts} (no store). Prints p50, min, max and collector time per run, the first (cold)
 * run's time, and the ratio of the p50s.
 *
 * <p>Usage: {@code PartitionedCycleBench [sizes...]}, default 1000 10000 30000 100000;
 * {@code -Dbench.partitionSize=N} tries another partition size than the engine's. {@link Bench}
 * runs it with the container image's GC ({@code -XX:+UseParallelGC}).
 */
public final class PartitionedCycleBench {
    private static final String RESULT = "RESULT ";

    private PartitionedCycleBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("bench.mode");
        int[] sizes = args.length == 0 ? new int[] {1_000, 10_000, 30_000, 100_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int partitionSize = Integer.getInteger("bench.partitionSize", DroolsRuleEngine.PARTITION_SIZE);
        if (mode != null) {
            measure(sizes[0], mode.equals("single") ? Integer.MAX_VALUE : partitionSize);
            return;
        }
        System.out.println("# load average before: " + Bench.loadAverage());
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        System.out.println("# JVM: " + jvm + ", " + Runtime.getRuntime().availableProcessors() + " processors, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; partitions of " + partitionSize
                + " components; each row in a fresh JVM");
        System.out.printf("%-10s %-12s %6s %10s %10s %10s %12s %8s %10s  %s%n", "components", "mode", "runs", "p50 ms",
                "min ms", "max ms", "GC ms/run", "results", "first ms", "load average after");
        for (int n : sizes) {
            double single = child(jvm, n, "single", partitionSize);
            double partitioned = child(jvm, n, "partitioned", partitionSize);
            System.out.printf("%-10d ratio of the p50s, one session / partitioned: %.1fx%n", n, single / partitioned);
        }
        System.out.println("# load average after: " + Bench.loadAverage());
    }

    /** Runs one size and mode in a fresh JVM, prints its row, returns its p50 in ms. */
    private static double child(List<String> jvm, int n, String mode, int partitionSize) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm.stream().filter(a -> !a.startsWith("-Dbench.")).toList());
        command.addAll(List.of("-Dbench.mode=" + mode, "-Dbench.partitionSize=" + partitionSize, "-cp",
                System.getProperty("java.class.path"), PartitionedCycleBench.class.getName(), Integer.toString(n)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String row = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(RESULT)) {
                    row = line.substring(RESULT.length());
                }
            }
        }
        if (p.waitFor() != 0 || row == null) {
            throw new IllegalStateException(mode + " at " + n + " components failed (exit " + p.exitValue() + ")");
        }
        String[] f = row.split(" ");
        System.out.printf("%-10s %-12s %6s %10s %10s %10s %12s %8s %10s  %s%n", f[0], mode, f[1], f[2], f[3], f[4], f[5],
                f[6], f[7], Bench.loadAverage());
        return Double.parseDouble(f[2]);
    }

    private static void measure(int n, int partitionSize) throws Exception {
        DroolsRuleEngine engine = DroolsRuleEngine.compile(EvaluationCycleBench.rulesDir());
        Snapshot facts = FleetFacts.of(n);
        int warmFleet = Integer.getInteger("bench.warmFleet", 0);
        if (warmFleet > 0) {  // what a warm-up at compile time would do: one small evaluation first
            long t = System.nanoTime();
            engine.evaluate(FleetFacts.of(warmFleet), partitionSize);
            System.out.printf("# warm-up of %d components: %.0f ms%n", warmFleet, (System.nanoTime() - t) / 1e6);
        }
        int measured = Math.max(5, Math.min(30, 300_000 / n));
        int warmup = Math.max(2, measured / 3);
        List<Long> ns = new ArrayList<>();
        long gc = 0;
        int results = 0;
        long first = 0;
        for (int i = 0; i < warmup + measured; i++) {
            long g = gcMillis();
            long t = System.nanoTime();
            Verdicts v = engine.evaluate(facts, partitionSize);
            long took = System.nanoTime() - t;
            results = v.criteria().size();
            if (i == 0) {
                first = took;
            }
            if (i >= warmup) {
                ns.add(took);
                gc += gcMillis() - g;
            }
        }
        List<Long> sorted = ns.stream().sorted().toList();
        System.out.printf("%s%d %d %.0f %.0f %.0f %.0f %d %.0f%n", RESULT, n, ns.size(), sorted.get((ns.size() - 1) / 2) / 1e6,
                sorted.get(0) / 1e6, sorted.get(ns.size() - 1) / 1e6, (double) gc / ns.size(), results, first / 1e6);
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
