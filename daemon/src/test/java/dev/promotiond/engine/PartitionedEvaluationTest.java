package dev.promotiond.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.bench.FleetFacts;
import dev.promotiond.facts.ActionRequest;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Verdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partitioned evaluation gives exactly what one session over the whole fleet gives. */
class PartitionedEvaluationTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));
    /** Three partitions of the default size, the last one short. */
    static final int FLEET = 2 * DroolsRuleEngine.PARTITION_SIZE + 437;

    static DroolsRuleEngine engine;
    static Snapshot fleet;

    @BeforeAll
    static void compile() throws Exception {
        engine = DroolsRuleEngine.compile(RULES);
        fleet = FleetFacts.of(FLEET);
    }

    @Test
    void partitionsGiveTheOneSessionResultOnTheBenchmarkFleet() {
        Verdicts whole = engine.evaluate(fleet, Integer.MAX_VALUE);

        assertSameVerdicts(engine.evaluate(fleet), whole);
        assertSameVerdicts(engine.evaluate(fleet, 97), whole);
    }

    @Test
    void theFleetExercisesWhatPartitionsCouldGetWrong() {
        Verdicts whole = engine.evaluate(fleet, Integer.MAX_VALUE);
        int size = DroolsRuleEngine.PARTITION_SIZE;
        long crossing = fleet.dependencies().stream()
                .filter(d -> index(d.component()) / size != index(d.dependency()) / size).count();
        assertThat(crossing).as("dependencies across partitions").isGreaterThan(1000);
        assertThat(whole.actions()).filteredOn(a -> a.component().isEmpty())
                .extracting(ActionRequest::name).containsExactly("PromotionDataSourceDown");
        assertThat(whole.criteria()).filteredOn(r -> r.name().equals("monitoring")
                && r.state() == CriterionState.UNMET && r.reason().contains("prometheus answers")).isNotEmpty();
        assertThat(whole.criteria()).filteredOn(r -> r.name().equals("rollback-hold")).isNotEmpty();
        assertThat(whole.criteria()).filteredOn(r -> r.name().equals("dependencies")
                && r.state() == CriterionState.UNMET).isNotEmpty();
        assertThat(whole.breaches()).isNotEmpty();
        assertThat(whole.actions()).filteredOn(a -> a.kind().equals(ActionRequest.ROLLBACK)).isNotEmpty();
        assertThat(whole.dataMissing()).isNotEmpty();
        assertThat(whole.soaks()).isNotEmpty();
    }

    @Test
    void aPartitionThatThrowsFailsTheWholeEvaluation(@TempDir Path dir) throws Exception {
        DroolsRuleEngine throwing = withExtraRule(dir, """
                rule "throws for one component of the second partition"
                when
                    Component(name == "svc-01500")
                then
                    throw new IllegalStateException("broken rule for svc-01500");
                end
                """);

        assertThatThrownBy(() -> throwing.evaluate(fleet)).hasStackTraceContaining("broken rule for svc-01500");
    }

    @Test
    void haltStopsTheRuleSpinningInEveryPartition(@TempDir Path dir) throws Exception {
        SpinCounter.SPINS.clear();
        DroolsRuleEngine spinning = withExtraRule(dir, """
                rule "spin"
                when
                    $c : Component(name == "svc-00001" || name == "svc-00011")
                then
                    dev.promotiond.engine.SpinCounter.spin($c.name());
                    update($c);
                end
                """);
        Snapshot small = FleetFacts.of(20);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                spinning.evaluate(small, 10);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "halt-test-evaluation");
        t.start();
        for (int i = 0; i < 20_000 && SpinCounter.SPINS.size() < 2; i++) {
            Thread.sleep(1);
        }
        assertThat(SpinCounter.SPINS).as("both partitions spin").containsKeys("svc-00001", "svc-00011");
        spinning.halt();
        t.join(60_000);

        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).hasMessageContaining("halted");
        long limit = 100L * 400; // far below the fire limit of a 10-component partition (> 10,000)
        assertThat(SpinCounter.SPINS.get("svc-00001").get()).isLessThan(limit);
        assertThat(SpinCounter.SPINS.get("svc-00011").get()).isLessThan(limit);
        assertThat(spinning.firingRule()).isNull();
    }

    private static DroolsRuleEngine withExtraRule(Path dir, String rule) throws Exception {
        try (var files = Files.list(RULES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl") || p.toString().endsWith("policy.yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("zz-extra.drl"), "package promotiond.rules;\nimport dev.promotiond.facts.*;\n"
                + rule);
        return DroolsRuleEngine.compile(dir);
    }

    private static int index(String name) {
        return Integer.parseInt(name.substring(4));
    }

    private static void assertSameVerdicts(Verdicts actual, Verdicts expected) {
        assertSameMultiset("criteria", actual.criteria(), expected.criteria());
        assertSameMultiset("soak verdicts", actual.soaks(), expected.soaks());
        assertSameMultiset("breaches", actual.breaches(), expected.breaches());
        assertSameMultiset("action requests", actual.actions(), expected.actions());
        assertSameMultiset("data missing", actual.dataMissing(), expected.dataMissing());
    }

    /** Equal as multisets; on a difference, says how many results are missing or extra and shows a few. */
    private static <T> void assertSameMultiset(String what, List<T> actual, List<T> expected) {
        Map<T, Long> a = actual.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Map<T, Long> e = expected.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        List<String> missing = difference(e, a);
        List<String> extra = difference(a, e);
        assertThat(missing).as("%s: %d missing from the partitioned result (of %d), first: %s", what, missing.size(),
                expected.size(), missing.stream().limit(3).toList()).isEmpty();
        assertThat(extra).as("%s: %d extra in the partitioned result (of %d), first: %s", what, extra.size(),
                actual.size(), extra.stream().limit(3).toList()).isEmpty();
    }

    /** Each element {@code of} holds more times than {@code than}, once per time too many. */
    private static <T> List<String> difference(Map<T, Long> of, Map<T, Long> than) {
        List<String> out = new java.util.ArrayList<>();
        of.forEach((k, n) -> {
            for (long i = than.getOrDefault(k, 0L); i < n; i++) {
                out.add(String.valueOf(k));
            }
        });
        return out;
    }
}
