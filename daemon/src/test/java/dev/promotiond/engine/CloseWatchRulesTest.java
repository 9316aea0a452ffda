package dev.promotiond.engine;

import static dev.promotiond.engine.DefaultRulesTest.NOW;
import static dev.promotiond.engine.DefaultRulesTest.criterion;
import static dev.promotiond.engine.DefaultRulesTest.engine;
import static dev.promotiond.engine.DefaultRulesTest.production;
import static dev.promotiond.engine.DefaultRulesTest.sli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Verdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "24 hours of close watch after going live" as a criterion of the version running in Production. */
class CloseWatchRulesTest {
    @BeforeAll
    static void compile() throws Exception {
        DefaultRulesTest.compile();
    }

    static CriterionResult watch(Verdicts v) {
        return criterion(v, "web", Stage.PRODUCTION, "close-watch");
    }

    @Test
    void inTheWatchWithoutABreachItSaysUntilWhen() {
        CriterionResult r = watch(engine.evaluate(production(3 * 3600, sli("web", "latency_p95_seconds", 0.2),
                List.of(), List.of())));
        assertThat(r.state()).isEqualTo(CriterionState.MET);
        assertThat(r.reason()).isEqualTo("2.0 is in close watch until " + NOW.plusSeconds(21 * 3600)
                + " (21h left): no breach at this evaluation");
        assertThat(r.threshold()).startsWith("no breach for 24h after going live (default, policy.yaml:");
    }

    @Test
    void aBreachDuringTheWatchIsUnmetWithTheBreach() {
        CriterionResult r = watch(engine.evaluate(production(3 * 3600, sli("web", "latency_p95_seconds", 2.0),
                List.of(), List.of())));
        assertThat(r.state()).isEqualTo(CriterionState.UNMET);
        assertThat(r.reason()).startsWith("in close watch until ").contains("latency_p95_seconds is 2 s, outside ≤ 500 ms for 2.0");
    }

    @Test
    void afterTheWatchItSaysWhenItEnded() {
        CriterionResult r = watch(engine.evaluate(production(30 * 3600, sli("web", "latency_p95_seconds", 0.2),
                List.of(), List.of())));
        assertThat(r.state()).isEqualTo(CriterionState.MET);
        assertThat(r.reason()).isEqualTo("the close watch of 2.0 ended at " + NOW.minusSeconds(6 * 3600)
                + " with no rollback of it");
    }

    @Test
    void withoutAProductionSoakNobodyWatchedItSoItIsUnknown() {
        Component prod = new Component("web", "", Stage.PRODUCTION, "2.0", List.of(), true, 60);
        CriterionResult r = watch(engine.evaluate(new Snapshot(NOW, List.of(prod), List.of(), List.of(), List.of())));
        assertThat(r.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(r.reason()).contains("the close watch has not begun");
    }

    @Test
    void aLongerWatchInPolicyKeepsTheVersionInWatch(@TempDir Path dir) throws Exception {
        try (Stream<Path> files = Files.list(DefaultRulesTest.RULES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl") || p.toString().endsWith("policy.yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        dev.promotiond.testing.PolicyEdit.set(dir, "in_production.close_watch", "48h");
        CriterionResult r = watch(DroolsRuleEngine.compile(dir).evaluate(production(30 * 3600,
                sli("web", "latency_p95_seconds", 0.2), List.of(), List.of())));
        assertThat(r.reason()).contains("in close watch until " + NOW.plusSeconds(18 * 3600) + " (18h left)");
    }
}
