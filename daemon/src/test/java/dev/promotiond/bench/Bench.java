package dev.promotiond.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark of this package: the JMH benchmarks (each in its own forked JVM, settings
 * on the classes), then {@link LedgerMemory} in a separate JVM with a fixed {@code -Xmx1g}, then
 * {@link PartitionedCycleBench} in a separate JVM with the container image's GC.
 *
 * <p>Usage: {@code Bench [jmh|memory|cycle] [JMH include regex | fleet sizes]}; no argument runs
 * everything. Set
 * {@code -Dbench.json=FILE} to also write the JMH results as JSON.
 */
public final class Bench {
    static final String MEMORY_HEAP = "-Xmx1g";
    /** What the container image sets in JAVA_TOOL_OPTIONS (daemon/Dockerfile). */
    static final String CYCLE_GC = "-XX:+UseParallelGC";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean jmh = true;
        boolean memory = true;
        boolean cycle = true;
        if (!rest.isEmpty() && List.of("jmh", "memory", "cycle").contains(rest.get(0))) {
            jmh = rest.get(0).equals("jmh");
            memory = rest.get(0).equals("memory");
            cycle = rest.get(0).equals("cycle");
            rest.remove(0);
        }
        System.out.println("# load average before: " + loadAverage());
        if (jmh) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(rest.isEmpty() ? Bench.class.getPackageName() + "\\..*Bench" : rest.get(0))
                    .addProfiler(GCProfiler.class)
                    .shouldFailOnError(true);
            String json = System.getProperty("bench.json");
            if (json != null) {
                options.result(json).resultFormat(ResultFormatType.JSON);
            }
            new Runner(options.build()).run();
            System.out.println("# load average after JMH: " + loadAverage());
        }
        if (memory) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            System.out.println();
            System.out.println("# LedgerMemory in its own JVM: " + MEMORY_HEAP);
            Process p = new ProcessBuilder(java, MEMORY_HEAP, "-cp", System.getProperty("java.class.path"),
                    LedgerMemory.class.getName()).inheritIO().start();
            int rc = p.waitFor();
            if (rc != 0) {
                System.exit(rc);
            }
            System.out.println("# load average after memory: " + loadAverage());
        }
        if (cycle) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            System.out.println();
            System.out.println("# PartitionedCycleBench in its own JVM: " + CYCLE_GC);
            List<String> command = new ArrayList<>(List.of(java, CYCLE_GC, "-cp", System.getProperty("java.class.path"),
                    PartitionedCycleBench.class.getName()));
            if (!jmh && !memory) {
                command.addAll(rest);
            }
            int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (rc != 0) {
                System.exit(rc);
            }
        }
    }

    /** Other work on the machine skews the numbers; this makes it visible (Linux only). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unavailable";
        }
    }
}
