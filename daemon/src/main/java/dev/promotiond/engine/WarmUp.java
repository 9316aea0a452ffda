package dev.promotiond.engine;

import dev.promotiond.facts.Component;
import dev.promotiond.facts.Dependency;
import dev.promotiond.facts.Hold;
import dev.promotiond.facts.Monitoring;
import dev.promotiond.facts.RollbackPlan;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SourceStatus;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small made-up fleet that a freshly compiled KieBase evaluates once and throws away, so the
 * first real cycle does not also pay for Drools' lazily built node memories and segments and for
 * running its consequences for the first time (BENCHMARKS.md: the first cycle of 10,000 components
 * after start took 1.7–3.0 s, 1.3–1.4 s after this). It names no real component and its result is
 * never published.
 */
final class WarmUp {
    static final int COMPONENTS = 50;
    private static final Instant AT = Instant.parse("2000-01-01T00:00:00Z");
    private static final String[] WINDOWS = {"1h", "24h", "7d"};
    private static final long[] WINDOW_SECONDS = {3_600, 86_400, 604_800};

    private WarmUp() {
    }

    /** Components in every stage, probed or not, with uptimes, soaks, SLIs known and unknown, dependencies. */
    static Snapshot fleet() {
        List<Component> components = new ArrayList<>();
        List<Dependency> dependencies = new ArrayList<>();
        List<Uptime> uptimes = new ArrayList<>();
        List<Soak> soaks = new ArrayList<>();
        List<Sli> slis = new ArrayList<>();
        List<Hold> holds = new ArrayList<>();
        List<RollbackPlan> plans = new ArrayList<>();
        List<Monitoring> monitoring = new ArrayList<>();
        Stage[] stages = Stage.values();
        for (int i = 0; i < COMPONENTS; i++) {
            String name = "warm-up-" + i;
            Stage stage = stages[i % stages.length];
            boolean probed = i % 7 != 0;
            List<String> deps = i == 0 ? List.of() : List.of("warm-up-" + (i - 1));
            components.add(new Component(name, "warm-up", stage, "1." + i, deps, probed, 10));
            for (String d : deps) {
                dependencies.add(new Dependency(name, d, stages[(i - 1) % stages.length]));
            }
            for (int w = 0; w < WINDOWS.length; w++) {
                long expected = WINDOW_SECONDS[w] / 10;
                long down = i % 5 == 0 ? expected / 50 : 0;
                uptimes.add(new Uptime(name, WINDOWS[w], WINDOW_SECONDS[w], expected - down, down, expected, 10, AT,
                        i % 11 == 0 ? "warm-up: no data" : null));
            }
            if (probed) {
                soaks.add(new Soak(name, "1." + i, stage, AT, 86_400L * (i % 9), 8_000L * (i % 9), i % 3, 10));
            }
            slis.add(i % 4 == 0 ? Sli.unknown(name, "latency_p95_seconds", "prometheus", "q", "warm-up: no data")
                    : Sli.known(name, "latency_p95_seconds", 0.1 * (i % 6), AT, "prometheus", "q"));
            slis.add(Sli.known(name, "error_ratio", 0.002 * (i % 4), AT, "prometheus", "q"));
            monitoring.add(new Monitoring(name, probed, false, i % 2));
            if (i % 10 == 3) {
                holds.add(new Hold(name, "1." + i, AT, "warm-up"));
            }
            if (i % 2 == 0) {
                plans.add(new RollbackPlan(name, "webhook", "warm-up", true));
            }
        }
        return new Snapshot(AT, components, dependencies, uptimes, soaks, slis,
                List.of(new SourceStatus("prometheus", true, null)), holds, List.of(), List.of(), plans, List.of(), monitoring);
    }
}
