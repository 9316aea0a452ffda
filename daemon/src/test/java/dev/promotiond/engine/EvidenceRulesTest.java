package dev.promotiond.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.RollbackPlan;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Verdicts;
import dev.promotiond.testing.PolicyEdit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every default evidence criterion driven into met, unmet and unknown (missing and stale). */
class EvidenceRulesTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static DroolsRuleEngine engine;

    @BeforeAll
    static void compile() throws Exception {
        engine = DroolsRuleEngine.compile(RULES);
    }

    static Stream<Arguments> criteria() {
        Map<String, Double> goodTests = Map.of("tests", 10.0, "failures", 0.0, "errors", 0.0, "skipped", 0.0,
                "line_coverage_percent", 85.0, "lines_covered", 85.0, "lines_valid", 100.0);
        Map<String, Double> badTests = Map.of("tests", 10.0, "failures", 2.0, "errors", 1.0, "skipped", 0.0,
                "line_coverage_percent", 65.0, "lines_covered", 65.0, "lines_valid", 100.0);
        return Stream.of(
                Arguments.of(Stage.DEVELOPMENT, "unit-coverage", "unit", goodTests, badTests, "65% (65/100 lines)"),
                Arguments.of(Stage.DEVELOPMENT, "unit-tests", "unit", goodTests, badTests, "7 passed, 3 failed, 0 skipped"),
                Arguments.of(Stage.DEVELOPMENT, "lint", "lint", Map.of("violations", 0.0), Map.of("violations", 4.0),
                        "4 lint violations"),
                Arguments.of(Stage.DEVELOPMENT, "type-check", "types", Map.of("errors", 0.0, "warnings", 3.0),
                        Map.of("errors", 2.0), "2 type errors"),
                Arguments.of(Stage.DEVELOPMENT, "security-scan", "security",
                        Map.of("severity_high", 0.0, "severity_medium", 2.0, "severity_low", 5.0),
                        Map.of("severity_high", 1.0, "severity_medium", 0.0, "severity_low", 0.0), "1 high"),
                Arguments.of(Stage.DEVELOPMENT, "docs", "docs", Map.of("check.readme", 1.0, "check.api_docs", 1.0),
                        Map.of("check.readme", 1.0, "check.api_docs", 0.0), "1 of 2 true"),
                Arguments.of(Stage.STAGING, "integration-coverage", "integration", goodTests,
                        Map.of("line_coverage_percent", 79.9), "79.9%"),
                Arguments.of(Stage.STAGING, "integration-tests", "integration", goodTests, badTests,
                        "7 passed, 3 failed, 0 skipped"),
                Arguments.of(Stage.STAGING, "critical-vulnerabilities", "security",
                        Map.of("severity_high", 0.0, "severity_medium", 3.0),
                        Map.of("severity_high", 1.0, "severity_medium", 0.0), "1 high"),
                Arguments.of(Stage.STAGING, "rollback-tested", "rollback-test", Map.of("passed", 1.0),
                        Map.of("passed", 0.0), "0 of 1 true"),
                Arguments.of(Stage.STAGING, "rollback-documented", "rollback-test", Map.of("check.documented", 1.0),
                        Map.of("check.documented", 0.0), "not documented"),
                Arguments.of(Stage.STAGING, "load-test", "load-test", Map.of("passed", 1.0, "rps", 300.0),
                        Map.of("passed", 0.0), "0 of 1 true"));
    }

    static Stage target(Stage from) {
        return from == Stage.DEVELOPMENT ? Stage.STAGING : Stage.PRODUCTION;
    }

    static CriterionResult judge(Stage stage, String criterion, List<Evidence> evidence, List<RollbackPlan> plans) {
        return judge(engine, stage, criterion, evidence, plans);
    }

    static CriterionResult judge(DroolsRuleEngine engine, Stage stage, String criterion, List<Evidence> evidence) {
        return judge(engine, stage, criterion, evidence, List.of());
    }

    static CriterionResult judge(DroolsRuleEngine engine, Stage stage, String criterion, List<Evidence> evidence,
                                 List<RollbackPlan> plans) {
        Component c = new Component("api", "g", stage, "2.0.0", List.of(), true, 60);
        Verdicts v = engine.evaluate(new Snapshot(NOW, List.of(c), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), evidence, List.of(), plans));
        return v.criteria().stream().filter(r -> r.target() == target(stage) && r.name().equals(criterion))
                .findFirst().orElseThrow(() -> new AssertionError("no " + criterion + " in " + v.criteria()));
    }

    static Evidence ev(String kind, String version, Map<String, Double> values) {
        return new Evidence("api", version, null, kind, "tool", NOW.minusSeconds(60), "abc", values);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("criteria")
    void eachCriterionIsMetUnmetOrUnknown(Stage stage, String criterion, String kind, Map<String, Double> good,
                                          Map<String, Double> bad, String badObserved) {
        CriterionResult met = judge(stage, criterion, List.of(ev(kind, "2.0.0", good)), List.of());
        assertThat(met.state()).as(met.reason()).isEqualTo(CriterionState.MET);
        assertThat(met.evidenceAt()).isEqualTo(NOW.minusSeconds(60));

        CriterionResult unmet = judge(stage, criterion, List.of(ev(kind, "2.0.0", bad)), List.of());
        assertThat(unmet.state()).as(unmet.reason()).isEqualTo(CriterionState.UNMET);
        assertThat(unmet.observed()).startsWith(badObserved);

        CriterionResult missing = judge(stage, criterion, List.of(), List.of());
        assertThat(missing.state()).isEqualTo(CriterionState.UNKNOWN);

        CriterionResult stale = judge(stage, criterion, List.of(ev(kind, "1.9.0", good)), List.of());
        assertThat(stale.state()).isEqualTo(CriterionState.UNKNOWN);
        if (!criterion.equals("rollback-documented")) {
            assertThat(stale.reason()).contains("stale").contains("1.9.0").contains("2.0.0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("securityCriteria")
    void mediumFindingsAreAWarningNotUnmet(Stage stage, String criterion) {
        CriterionResult r = judge(stage, criterion, List.of(ev("security", "2.0.0",
                Map.of("severity_high", 0.0, "severity_medium", 2.0, "severity_low", 5.0))), List.of());
        assertThat(r.state()).as(r.reason()).isEqualTo(CriterionState.MET);
        assertThat(r.observed()).isEqualTo("0 high, 2 medium, 5 low");
        assertThat(r.threshold()).startsWith("≤ 0 findings of HIGH severity (default, policy.yaml:");
        assertThat(r.reason()).contains("no findings of HIGH severity")
                .contains("warning: 2 medium-severity findings (below HIGH, the severity that fails)");
    }

    static Stream<Arguments> securityCriteria() {
        return Stream.of(Arguments.of(Stage.DEVELOPMENT, "security-scan"),
                Arguments.of(Stage.STAGING, "critical-vulnerabilities"));
    }

    @Test
    void anOperatorCanTightenTheSeverityThatFailsInPolicy(@TempDir Path dir) throws Exception {
        Map<String, Double> mediumOnly = Map.of("severity_high", 0.0, "severity_medium", 2.0, "severity_low", 5.0);
        DroolsRuleEngine strict = withSeverity(dir, "MEDIUM");
        CriterionResult r = judge(strict, Stage.DEVELOPMENT, "security-scan",
                List.of(ev("security", "2.0.0", mediumOnly)));
        assertThat(r.state()).as(r.reason()).isEqualTo(CriterionState.UNMET);
        assertThat(r.threshold()).startsWith("≤ 0 findings of MEDIUM severity or higher (default, policy.yaml:");
        assertThat(r.reason()).contains("2 findings of MEDIUM severity or higher");

        CriterionResult lowOnly = judge(strict, Stage.STAGING, "critical-vulnerabilities", List.of(ev("security",
                "2.0.0", Map.of("severity_high", 0.0, "severity_medium", 0.0, "severity_low", 5.0))));
        assertThat(lowOnly.state()).isEqualTo(CriterionState.MET);
        assertThat(lowOnly.reason()).doesNotContain("warning");

        // bandit has no CRITICAL: refused where it is written, not judged unknown at every cycle
        assertThatThrownBy(() -> withSeverity(dir.resolve("typo"), "CRITICAL"))
                .isInstanceOf(dev.promotiond.engine.RulesException.class)
                .hasMessageMatching("(?s).*policy\\.yaml:\\d+:\\d+: defaults\\.to_staging\\.security_fail_at: bandit ranks"
                        + " findings LOW, MEDIUM or HIGH; it has no CRITICAL.*");
    }

    /** The default rules with the policy's security_fail_at replaced in both gates. */
    static DroolsRuleEngine withSeverity(Path dir, String severity) throws Exception {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl") || p.toString().endsWith("policy.yaml")).toList()) {
                String text = Files.readString(f);
                if (f.getFileName().toString().equals("policy.yaml")) {
                    text = PolicyEdit.set(PolicyEdit.set(text, "to_staging.security_fail_at", severity),
                            "to_production.security_fail_at", severity);
                }
                Files.writeString(dir.resolve(f.getFileName()), text);
            }
        }
        return DroolsRuleEngine.compile(dir);
    }

    @Test
    void aConfiguredRollbackCountsAsDocumented() {
        CriterionResult r = judge(Stage.STAGING, "rollback-documented", List.of(),
                List.of(new RollbackPlan("api", "command", "deploy rollback api", false)));
        assertThat(r.state()).isEqualTo(CriterionState.MET);
        assertThat(r.reason()).contains("deploy rollback api");
    }

    @Test
    void evidenceForACommitMatchesARunningCommitHash() {
        Component c = new Component("api", "g", Stage.DEVELOPMENT, "3f2a9c1", List.of(), true, 60);
        Evidence e = new Evidence("api", "1.4.0", "3f2a9c1d8e7f", "lint", "ruff", NOW, "", Map.of("violations", 0.0));
        Verdicts v = engine.evaluate(new Snapshot(NOW, List.of(c), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(e), List.of(), List.of()));
        assertThat(v.criteria().stream().filter(r -> r.name().equals("lint")).findFirst().orElseThrow().state())
                .isEqualTo(CriterionState.MET);
    }

    @Test
    void unknownRunningVersionSaysEvidenceCannotBeMatched() {
        Component c = new Component("api", "g", Stage.DEVELOPMENT, null, List.of(), false, 0);
        Verdicts v = engine.evaluate(new Snapshot(NOW, List.of(c), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(ev("lint", "2.0.0", Map.of("violations", 0.0))), List.of(), List.of()));
        CriterionResult lint = v.criteria().stream().filter(r -> r.name().equals("lint")).findFirst().orElseThrow();
        assertThat(lint.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(lint.reason()).contains("running version is unknown");
    }
}
