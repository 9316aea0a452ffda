package dev.promotiond.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.StageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine leaves out facts no pattern matches; rules that do match them still see them. */
class UnmatchedFactsTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void bundledRulesMatchNeitherEvidenceNorStageRecords() throws Exception {
        DroolsRuleEngine engine = DroolsRuleEngine.compile(Path.of("..", "rules"));
        assertThat(DroolsRuleEngine.matched(engineBase(engine), Evidence.class)).isFalse();
        assertThat(DroolsRuleEngine.matched(engineBase(engine), StageRecord.class)).isFalse();
    }

    @Test
    void rulesOfTheirOwnOnEvidenceAndStageRecordsStillSeeThem() throws Exception {
        Files.writeString(dir.resolve("own.drl"), """
                package own;
                import dev.promotiond.facts.*;
                rule "evidence seen"
                when
                    Evidence($c : component, $k : kind)
                then
                    insert(Criteria.of($c, Stage.STAGING, "evidence-" + $k, CriterionState.MET, "-", "-", "seen", "evidence seen"));
                end
                rule "record seen"
                when
                    StageRecord($c : component)
                then
                    insert(Criteria.of($c, Stage.STAGING, "record", CriterionState.MET, "-", "-", "seen", "record seen"));
                end
                rule "anything seen"
                when
                    $o : Object(this instanceof StageRecord)
                then
                    insert(Criteria.of(((StageRecord) $o).component(), Stage.STAGING, "object", CriterionState.MET, "-", "-", "seen", "anything seen"));
                end
                """);
        DroolsRuleEngine engine = DroolsRuleEngine.compile(dir);
        Component api = new Component("api", "g", Stage.DEVELOPMENT, "1.0", List.of(), false, 0);
        Snapshot snapshot = new Snapshot(NOW, List.of(api), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(new Evidence("api", "1.0", null, "tests", "junit", NOW, null, Map.of("failed", 0.0))),
                List.of(new StageRecord("api", Stage.DEVELOPMENT, "config", null, null, null, null, null)), List.of());

        List<String> names = engine.evaluate(snapshot).criteria().stream().map(CriterionResult::name).sorted().toList();

        assertThat(names).containsExactly("evidence-tests", "object", "record");
    }

    private static org.kie.api.KieBase engineBase(DroolsRuleEngine engine) throws Exception {
        var f = DroolsRuleEngine.class.getDeclaredField("kieBase");
        f.setAccessible(true);
        return (org.kie.api.KieBase) f.get(engine);
    }
}
