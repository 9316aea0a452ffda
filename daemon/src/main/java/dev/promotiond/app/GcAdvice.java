package dev.promotiond.app;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * A start-up hint for large fleets on the JDK's default collector. Each evaluation cycle keeps a
 * Drools session of every component reachable while it runs; G1 copies it on every young
 * collection, and at 10,000 components that makes a cycle take 0.7–1.2 s on 2 cores against
 * 0.6–0.75 s with ParallelGC (daemon/BENCHMARKS.md).
 */
final class GcAdvice {
    /** Below this many components a cycle is short whatever the collector. */
    static final int LARGE_FLEET = 2_000;

    private GcAdvice() {
    }

    /** The hint for this JVM, if it runs G1 and the fleet is large. */
    static Optional<String> forThisJvm(int components) {
        return hint(components, ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    static Optional<String> hint(int components, List<String> collectors) {
        boolean g1 = collectors.stream().anyMatch(n -> n.startsWith("G1 "));
        if (!g1 || components < LARGE_FLEET) {
            return Optional.empty();
        }
        return Optional.of(components + " components on the G1 collector: evaluation cycles take about a third"
                + " less time with JAVA_TOOL_OPTIONS=-XX:+UseParallelGC (README: Sizing)");
    }
}
