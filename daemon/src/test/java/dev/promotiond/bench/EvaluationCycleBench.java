package dev.promotiond.bench;

import dev.promotiond.engine.BundledRules;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Verdicts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Target 2: one {@code EvaluationCycle.run()} — ledger snapshot of 10,000 components, the default
 * DRL in classic-mode Drools (a fresh session per cycle), grouping and publishing — as the daemon
 * runs it. {@code ledgerViews} and {@code rulesOnly} split the cycle into its two big parts.
 *
 * <p>Facts: {@link Fleet} with a full week of 10-second probes, soaks 1–9 days old and one live
 * probe per component, so every component has 3 uptime windows and a soak, plus {@link Fleet#slis}
 * (3 Prometheus SLIs for 4 of 5 components) for the SLA rules. The rules come from {@code -Dpromotiond.rules.dir} or,
 * by default, the copy of {@code rules/*.drl} bundled on the classpath.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EvaluationCycleBench {
    static final int COMPONENTS = 10_000;

    Fleet fleet;
    DroolsRuleEngine engine;
    EvaluationCycle cycle;
    Snapshot snapshot;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fleet = Fleet.build(COMPONENTS, 7, true);
        engine = DroolsRuleEngine.compile(rulesDir());
        List<Sli> slis = Fleet.slis(COMPONENTS, Fleet.NOW);
        Clock clock = Clock.fixed(Fleet.NOW, ZoneOffset.UTC);
        cycle = new EvaluationCycle(clock, fleet.ledger, () -> fleet.configs, () -> engine, () -> slis);
        // the first cycle keeps the exact snapshot it hands to the rules, for rulesOnly
        RuleEngine capturing = s -> {
            snapshot = s;
            return engine.evaluate(s);
        };
        Evaluation first = new EvaluationCycle(clock, fleet.ledger, () -> fleet.configs, () -> capturing, () -> slis)
                .run();
        describe(first);
    }

    @TearDown(Level.Trial)
    public void close() {
        fleet.close();
    }

    @Benchmark
    public Evaluation cycle() {
        return cycle.run();
    }

    /** The snapshot half of a cycle: one {@code Ledger.view} per component. */
    @Benchmark
    public void ledgerViews(Blackhole bh) {
        for (ComponentConfig c : fleet.configs) {
            bh.consume(fleet.ledger.view(c.name(), Fleet.NOW));
        }
    }

    /** The rules half of a cycle: a fresh session, insert every fact, fire, collect results. */
    @Benchmark
    public Verdicts rulesOnly() {
        return engine.evaluate(snapshot);
    }

    private void describe(Evaluation first) {
        Map<Readiness, Integer> production = new EnumMap<>(Readiness.class);
        long criteria = 0;
        for (ComponentStatus s : first.components()) {
            production.merge(s.target(Stage.PRODUCTION).state(), 1, Integer::sum);
            criteria += s.target(Stage.PRODUCTION).criteria().size() + s.target(Stage.STAGING).criteria().size();
        }
        System.out.printf("%nfleet: %d components, %d dependencies, %d uptimes, %d soaks, %d SLIs; %d criterion"
                        + " results; Production readiness: %s; first (cold) cycle took %d ms%n",
                snapshot.components().size(), snapshot.dependencies().size(), snapshot.uptimes().size(),
                snapshot.soaks().size(), snapshot.slis().size(), criteria, production, first.took().toMillis());
    }

    static Path rulesDir() throws IOException {
        String dir = System.getProperty("promotiond.rules.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        Path tmp = Files.createTempDirectory("promotiond-bench-rules");
        tmp.toFile().deleteOnExit();
        Path rules = tmp.resolve("rules");
        rules.toFile().deleteOnExit(); // deleted in reverse order of registration: files first
        for (String f : BundledRules.FILES) {
            rules.resolve(f).toFile().deleteOnExit();
        }
        return BundledRules.extractTo(rules);
    }
}
