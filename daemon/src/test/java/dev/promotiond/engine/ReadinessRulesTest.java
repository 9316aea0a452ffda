package dev.promotiond.engine;

import static dev.promotiond.engine.DefaultRulesTest.NOW;
import static dev.promotiond.engine.DefaultRulesTest.RULES;
import static dev.promotiond.engine.DefaultRulesTest.criteria;
import static dev.promotiond.engine.DefaultRulesTest.criterion;
import static dev.promotiond.engine.DefaultRulesTest.readySoakWith;
import static dev.promotiond.engine.DefaultRulesTest.sli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Monitoring;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.SourceStatus;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Verdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing evidence is never ready: monitoring, waivers in DRL policy, and not_applicable targets. */
class ReadinessRulesTest {
    static DroolsRuleEngine engine;

    @BeforeAll
    static void compile() throws Exception {
        engine = DroolsRuleEngine.compile(RULES);
    }

    /** readySoakWith(slis) with its Monitoring fact replaced. */
    static Snapshot api(Monitoring m, List<SourceStatus> sources, Sli... slis) {
        Snapshot s = readySoakWith(slis);
        return new Snapshot(s.at(), s.components(), s.dependencies(), s.uptimes(), s.soaks(), s.slis(), sources,
                s.holds(), s.evidence(), s.stageRecords(), s.rollbackPlans(), s.rollbacks(), List.of(m));
    }

    @Test
    void monitoringIsUnknownWithWhatIsMissingWhenNothingIsConfigured() {
        Verdicts v = engine.evaluate(api(new Monitoring("api", false, false, 0), List.of()));
        CriterionResult m = criterion(v, "api", Stage.PRODUCTION, "monitoring");
        assertThat(m.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(m.reason()).contains("no health check and no uptime series configured for api",
                "no SLIs configured for api", "no Alertmanager configured");
        assertThat(m.rule()).isEqualTo("monitoring configured");
        assertThat(Readiness.of(Stage.STAGING, Stage.PRODUCTION, criteria(v, "api", Stage.PRODUCTION)))
                .isEqualTo(Readiness.UNKNOWN);
    }

    @Test
    void monitoringIsUnmetWhenPrometheusAnswersButNoSliResolves() {
        Sli empty = Sli.unknown("api", "latency_p95_seconds", "prometheus", "q", "empty result");
        Sli none = Sli.unknown("api", "error_ratio", "prometheus", "q", "empty result");
        Verdicts v = engine.evaluate(api(new Monitoring("api", true, false, 1),
                List.of(new SourceStatus("prometheus", true, null)), empty, none));
        CriterionResult m = criterion(v, "api", Stage.PRODUCTION, "monitoring");
        assertThat(m.state()).isEqualTo(CriterionState.UNMET);
        assertThat(m.reason()).contains("prometheus answers", "none of api's 2 SLIs resolves", "empty result");
    }

    @Test
    void monitoringIsUnknownNotUnmetWhilePrometheusIsDown() {
        Verdicts v = engine.evaluate(api(new Monitoring("api", true, false, 1),
                List.of(new SourceStatus("prometheus", false, "refused")),
                sli("api", "latency_p95_seconds", null), sli("api", "error_ratio", null)));
        CriterionResult m = criterion(v, "api", Stage.PRODUCTION, "monitoring");
        assertThat(m.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(m.reason()).contains("Prometheus unreachable");
    }

    @Test
    void monitoringIsMetWithAProbeResolvingSlisAndAnAlertmanager() {
        Verdicts v = engine.evaluate(api(new Monitoring("api", true, false, 2),
                List.of(new SourceStatus("prometheus", true, null)),
                sli("api", "latency_p95_seconds", 0.1), sli("api", "error_ratio", null)));
        CriterionResult m = criterion(v, "api", Stage.PRODUCTION, "monitoring");
        assertThat(m.state()).isEqualTo(CriterionState.MET);
        assertThat(m.observed()).isEqualTo("health probe, 1 of 2 SLIs resolve, 2 Alertmanagers");
        assertThat(m.waived()).isFalse();
    }

    @Test
    void noAlertmanagerLeavesMonitoringUnknown() {
        Verdicts v = engine.evaluate(api(new Monitoring("api", true, false, 0), List.of(),
                sli("api", "latency_p95_seconds", 0.1), sli("api", "error_ratio", 0.001)));
        CriterionResult m = criterion(v, "api", Stage.PRODUCTION, "monitoring");
        assertThat(m.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(m.reason()).isEqualTo("no Alertmanager configured: pages for api would reach no one");
        assertThat(Readiness.of(Stage.STAGING, Stage.PRODUCTION, criteria(v, "api", Stage.PRODUCTION)))
                .isEqualTo(Readiness.UNKNOWN);
    }

    @Test
    void withoutAMonitoringFactTheCriterionIsStillPresentAndUnknown() {
        Verdicts v = engine.evaluate(DefaultRulesTest.readySoakWith().withMonitoring(List.of()));
        assertThat(criterion(v, "api", Stage.PRODUCTION, "monitoring").state()).isEqualTo(CriterionState.UNKNOWN);
    }

    static DroolsRuleEngine withWaivers(Path dir, String drl) throws Exception {
        dev.promotiond.testing.RulesCopy.into(dir);
        Files.writeString(dir.resolve("waivers.drl"), "package promotiond.rules;\n\n" + drl);
        return DroolsRuleEngine.compile(dir);
    }

    @Test
    void aWaivedCriterionIsMetSaysWhichPolicyAndKeepsWhatItWas(@TempDir Path dir) throws Exception {
        DroolsRuleEngine waived = withWaivers(dir, """
                rule "waiver: api has no latency SLI"
                when
                then
                    insert(new Waiver("latency-p95", "api", "a batch job: no request latency", drools.getRule().getName()));
                end

                rule "waiver: team g is paged by its own Alertmanager"
                when
                then
                    insert(new Waiver("alert-route", "g", "paged through the team's pager", drools.getRule().getName()));
                end
                """);
        Snapshot s = api(new Monitoring("api", true, false, 0), List.of(), sli("api", "error_ratio", 0.001));
        Verdicts v = waived.evaluate(s);
        CriterionResult p95 = criterion(v, "api", Stage.PRODUCTION, "latency-p95");
        assertThat(p95.state()).isEqualTo(CriterionState.MET);
        assertThat(p95.reason()).startsWith("waived by policy: waiver: api has no latency SLI (a batch job")
                .contains("without the waiver: unknown, no latency_p95_seconds SLI configured for api");
        assertThat(p95.waiver()).isEqualTo("waiver: api has no latency SLI");
        assertThat(p95.rule()).isEqualTo("waiver: api has no latency SLI");
        CriterionResult m = criterion(v, "api", Stage.PRODUCTION, "monitoring");
        assertThat(m.state()).isEqualTo(CriterionState.MET);
        assertThat(m.reason()).contains("alert route waived by policy: waiver: team g is paged by its own Alertmanager");
        assertThat(m.waiver()).isEqualTo("waiver: team g is paged by its own Alertmanager");
        assertThat(criteria(v, "api", Stage.PRODUCTION)).filteredOn(c -> c.name().equals("latency-p95")).hasSize(1);
        assertThat(criteria(v, "api", Stage.PRODUCTION)).filteredOn(c -> c.state() != CriterionState.MET)
                .extracting(c -> c.name() + ": " + c.reason()).isEmpty();
        assertThat(Readiness.of(Stage.STAGING, Stage.PRODUCTION, criteria(v, "api", Stage.PRODUCTION)))
                .isEqualTo(Readiness.READY);
        // the same snapshot under the default rules: nothing waived, so not ready
        assertThat(Readiness.of(Stage.STAGING, Stage.PRODUCTION, criteria(engine.evaluate(s), "api", Stage.PRODUCTION)))
                .isEqualTo(Readiness.UNKNOWN);
    }

    @Test
    void aWaiverForAnotherComponentOrGroupChangesNothing(@TempDir Path dir) throws Exception {
        DroolsRuleEngine waived = withWaivers(dir, """
                rule "waiver: someone else"
                when
                then
                    insert(new Waiver("latency-p95", "other-team", "not api", drools.getRule().getName()));
                end
                """);
        Verdicts v = waived.evaluate(api(new Monitoring("api", true, false, 1), List.of(), sli("api", "error_ratio", 0.001)));
        CriterionResult p95 = criterion(v, "api", Stage.PRODUCTION, "latency-p95");
        assertThat(p95.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(p95.waived()).isFalse();
    }

    @Test
    void aComponentAtOrAboveTheTargetIsNotApplicableEvenWithEveryCriterionMet() {
        Component prod = new Component("web", "", Stage.PRODUCTION, "2", List.of(), true, 60);
        Verdicts v = engine.evaluate(new Snapshot(NOW, List.of(prod), List.of(), List.of(), List.of()));
        List<CriterionResult> toStaging = criteria(v, "web", Stage.STAGING);
        assertThat(toStaging).extracting(CriterionResult::state).containsOnly(CriterionState.MET);
        assertThat(Readiness.of(toStaging)).isEqualTo(Readiness.READY);  // the criteria alone would say ready
        assertThat(Readiness.of(Stage.PRODUCTION, Stage.STAGING, toStaging)).isEqualTo(Readiness.NOT_APPLICABLE);
        assertThat(Readiness.of(Stage.PRODUCTION, Stage.PRODUCTION, criteria(v, "web", Stage.PRODUCTION)))
                .isEqualTo(Readiness.NOT_APPLICABLE);
        assertThat(Readiness.of(Stage.STAGING, Stage.STAGING, List.of())).isEqualTo(Readiness.NOT_APPLICABLE);
        assertThat(Readiness.NOT_APPLICABLE.label()).isEqualTo("not_applicable");
    }
}
