package dev.promotiond.rulestest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigProblem;
import dev.promotiond.engine.DroolsRuleEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ScenarioRunnerTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));
    static final Path FILE = Path.of("tests", "example.yaml");
    static DroolsRuleEngine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() throws Exception {
        engine = DroolsRuleEngine.compile(RULES);
    }

    static final String WEEK = """
            name: a healthy week
            components:
              - name: api
                stage: Staging
                version: 1.0.0
                probe_interval: 10m
            timeline:
              - {from: 0s, to: 8d, probes: {api: up}}
            expect:
              - at: 7d
                component: api
                target: production
                criteria: {soak-duration: met, uptime-7d: %s}
            """;

    ScenarioRunner.Report.Result run(String yaml) throws ConfigException {
        return ScenarioRunner.run(ScenarioReader.parse(yaml, FILE), engine, dir.resolve("store.db"));
    }

    List<ConfigProblem> problems(String yaml) {
        try {
            ScenarioReader.parse(yaml, FILE);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("the scenario was accepted");
    }

    @Test
    void aHealthyWeekMeetsItsExpectations() throws Exception {
        ScenarioRunner.Report.Result r = run(WEEK.formatted("met"));
        assertThat(r.failures()).isEmpty();
        assertThat(r.expectations()).isEqualTo(2);
    }

    @Test
    void wrongExpectationFailsWithExpectedActualAndTheCriterionsReason() throws Exception {
        ScenarioRunner.Report.Result r = run(WEEK.formatted("unmet"));
        assertThat(r.failures()).hasSize(1);
        ScenarioRunner.Report.Failure f = r.failures().get(0);
        assertThat(f.line()).isEqualTo(13);
        assertThat(f.who()).isEqualTo("api → production");
        assertThat(f.subject()).isEqualTo("criterion uptime-7d");
        assertThat(f.expected()).isEqualTo("unmet");
        assertThat(f.actual()).isEqualTo("met");
        assertThat(f.toString())
                .startsWith(FILE + ":13:36: at 7d: api → production: criterion uptime-7d: expected unmet, got met")
                .contains("reason: 1008 of 1008 probes UP").contains("rule \"staging uptime\"");
    }

    @Test
    void eachProblemIsReportedWithFileLineColumnAndFieldPath() {
        List<ConfigProblem> problems = problems("""
                name: broken
                components:
                  - name: api
                    stage: Stagging
                    probe_interval: 10x
                timeline:
                  - {from: 0s, to: 1d, probes: {web: up}}
                expect:
                  - at: 1d
                    component: api
                    target: production
                    criteria: {uptime-7d: maybe}
                """);
        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                FILE + ":4:12: components[0].stage: unknown stage \"Stagging\" (use Development, Staging or Production)",
                FILE + ":5:21: components[0].probe_interval: bad duration \"10x\" (use e.g. 500ms, 10s, 5m, 1h, 7d)",
                FILE + ":7:33: timeline[0].probes.web: unknown component \"web\" (components: api)",
                FILE + ":12:27: expect[0].criteria.uptime-7d: \"maybe\" is not one of met, unmet, unknown, absent");
    }

    static final String ROLLBACK = """
            name: a breach in production is rolled back, and the probes then report the version rolled back to
            components:
              - name: pay
                stage: Production
                version: 2.9.0
                probe_interval: 1m
                metrics: true
                rollback: {command: [deploy, rollback, pay]}
            timeline:
              - {from: 0s, to: 1d, probes: {pay: up}}
              - {at: 0s, slis: {pay: {latency_p95_seconds: 0.1, error_ratio: 0.001}}}
              - {at: 1h, version: {pay: 3.0.0}}
              - {at: 2h, slis: {pay: {error_ratio: 0.05}}}
              - {at: 2h5m30s, slis: {pay: {error_ratio: 0.001}}}
            expect:
              - at: 2h4m
                component: pay
                rollbacks: []
                firing: []
              - at: 2h5m
                component: pay
                rollbacks: [{from: 3.0.0, to: 2.9.0}]
                firing: [ProductionGuardTripped]
                firing_since: {ProductionGuardTripped: 2h5m}
              - at: 2h10m
                component: pay
                version: 2.9.0
                rollbacks: [{from: 3.0.0, to: %s}]
                firing: [ProductionGuardTripped]
              - at: 2h15m
                component: pay
                firing: []
            """;

    @Test
    void aScenarioThatActsCarriesOutTheRollbackAndTheProbesThenReportTheVersionRolledBackTo() throws Exception {
        ScenarioRunner.Report.Result r = run(ROLLBACK.formatted("2.9.0"));
        assertThat(r.failures()).isEmpty();
        assertThat(r.expectations()).isEqualTo(9);
    }

    @Test
    void aRollbackOtherThanExpectedFailsWithWhatWasCarriedOut() throws Exception {
        ScenarioRunner.Report.Result r = run(ROLLBACK.formatted("2.8.0"));
        assertThat(r.failures()).hasSize(1);
        assertThat(r.failures().get(0).toString())
                .startsWith(FILE + ":28:5: at 2h10m: pay: rollbacks: expected [3.0.0 → 2.8.0], got [3.0.0 → 2.9.0]")
                .contains("firing ProductionGuardTripped since");
    }

    @Test
    void aScenarioThatDoesNotActCarriesNothingOut() throws Exception {
        String onlyAsked = ROLLBACK.formatted("2.9.0").lines()
                .takeWhile(l -> !l.startsWith("expect:")).reduce("", (a, b) -> a + b + "\n") + """
                expect:
                  - at: 2h10m
                    component: pay
                    version: 3.0.0
                """;
        assertThat(run(onlyAsked).failures()).isEmpty();
    }

    @Test
    void restartTakesOnlyTrue() {
        List<ConfigProblem> problems = problems(WEEK.formatted("met").replace("timeline:\n",
                "timeline:\n  - {at: 1d, restart: false}\n"));
        assertThat(problems).extracting(ConfigProblem::toString)
                .containsExactly(FILE + ":8:14: timeline[0].restart: only restart: true means something");
    }

    @Test
    void unknownKeyIsRejected() {
        List<ConfigProblem> problems = problems(WEEK.formatted("met").replace("criteria:", "critera:"));
        assertThat(problems).extracting(ConfigProblem::toString).contains(
                FILE + ":13:5: expect[0].critera: unknown key \"critera\" (allowed: at, component, target, readiness,"
                        + " criteria, reason_contains, soak, stage, version, breaches, actions, rollbacks, firing,"
                        + " firing_since)");
    }

    @Test
    void probesOfAComponentWithoutProbeIntervalAreRejected() {
        List<ConfigProblem> problems = problems(WEEK.formatted("met").replace("    probe_interval: 10m\n", ""));
        assertThat(problems).extracting(ConfigProblem::toString)
                .containsExactly(FILE + ":7:33: timeline[0].probes.api: api is not probed (give it a probe_interval)");
    }

    @Test
    void aDeploymentTheDaemonWouldRefuseIsMalformed() throws Exception {
        Files.copy(RULES.resolve("stages.drl"), dir.resolve("stages.drl"));
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("tests").resolve("deploy.yaml"), """
                name: a version with a space
                components:
                  - {name: api, stage: Staging}
                timeline:
                  - {at: 1h, deploy: {component: api, stage: Production, version: "1.0 beta"}}
                expect:
                  - {at: 2h, component: api, stage: Production}
                """);
        ScenarioRunner.Report report = ScenarioRunner.run(dir);
        assertThat(report.malformed()).singleElement().asString()
                .startsWith(dir.resolve("tests").resolve("deploy.yaml") + ":5:14: deployment refused: bad field version");
        assertThat(report.results()).isEmpty();
    }

    @Test
    @Timeout(120) // a safety net: how long it takes is reported for BENCHMARKS.md, not asserted
    void aWeekOfTenSecondProbesRunsThrough() throws Exception {
        long started = System.nanoTime();
        ScenarioRunner.Report.Result r = run(WEEK.formatted("met").replace("10m", "10s"));
        assertThat(r.failures()).isEmpty();
        System.out.printf("rule scenario of a week of 10 s probes (60k observations): %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void summaryCountsScenariosAndExpectations() throws IOException {
        Files.copy(RULES.resolve("stages.drl"), dir.resolve("stages.drl"));
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("tests").resolve("order.yaml"), """
                name: one step at a time
                components:
                  - {name: app, stage: Development}
                expect:
                  - {at: 0s, component: app, target: production, criteria: {stage-order: unmet}}
                """);
        ScenarioRunner.Report report = ScenarioRunner.run(dir);
        assertThat(report.summary()).isEqualTo("1 scenario, 1 expectation, 0 failed");
    }

    @Test
    void rulesThatDoNotCompileRunNothing() throws Exception {
        Files.writeString(dir.resolve("broken.drl"), "package promotiond.rules;\nrule \"x\" when Nope() then end\n");
        ScenarioRunner.Report report = ScenarioRunner.run(dir);
        assertThat(report.compileErrors()).isNotEmpty();
        assertThat(report.results()).isEmpty();
    }

    @Test
    void anEmptyFileIsMalformed() {
        assertThatThrownBy(() -> ScenarioReader.parse("", FILE)).isInstanceOf(ConfigException.class)
                .hasMessage(FILE + ":1:1: the file is empty; a scenario needs name, components, timeline and expect");
    }
}
