package dev.promotiond.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.facts.ActionRequest;
import dev.promotiond.facts.AlertDataMissing;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Hold;
import dev.promotiond.facts.SourceStatus;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.Rollback;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Dependency;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Monitoring;
import dev.promotiond.testing.PassingEvidence;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SoakState;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import dev.promotiond.facts.Verdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultRulesTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));
    static final long DAY = 86400;
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static DroolsRuleEngine engine;

    @BeforeAll
    static void compile() throws Exception {
        engine = DroolsRuleEngine.compile(RULES);
    }

    static Component staging(String name, String... deps) {
        return new Component(name, "g", Stage.STAGING, "1.0", List.of(deps), true, 60);
    }

    static Uptime week(String c, long up, long down) {
        return new Uptime(c, "7d", 7 * DAY, up, down, 7 * 24 * 60, 60, NOW);
    }

    static Uptime day(String c, long up, long down) {
        return new Uptime(c, "24h", DAY, up, down, 24 * 60, 60, NOW);
    }

    static Soak soak(String c, long wallSeconds, long up, long down) {
        return new Soak(c, "1.0", Stage.STAGING, NOW.minusSeconds(wallSeconds), wallSeconds, up, down, 60);
    }

    /** The snapshot plus CI evidence that passes every evidence criterion for each component's version. */
    static Snapshot withPassingEvidence(Snapshot s) {
        List<Evidence> ev = new java.util.ArrayList<>();
        for (Component c : s.components()) {
            ev.addAll(PassingEvidence.facts(c.name(), c.version(), NOW.minusSeconds(3600)));
        }
        return new Snapshot(s.at(), s.components(), s.dependencies(), s.uptimes(), s.soaks(), s.slis(), s.sources(),
                s.holds(), ev, s.stageRecords(), s.rollbackPlans(), s.rollbacks(), s.monitoring());
    }

    static List<CriterionResult> criteria(Verdicts v, String component, Stage target) {
        return v.criteria().stream().filter(c -> c.component().equals(component) && c.target() == target).toList();
    }

    static CriterionResult criterion(Verdicts v, String component, Stage target, String name) {
        return criteria(v, component, target).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void fullSoakAtHighUptimeIsReadyForProduction() {
        long minutes = 7 * 24 * 60 + 10;
        Snapshot s = monitored(new Snapshot(NOW, List.of(staging("api")), List.of(),
                List.of(week("api", 7 * 24 * 60 - 20, 20), day("api", 1440, 0)),
                List.of(soak("api", minutes * 60, minutes - 20, 20)),
                List.of(sli("api", "latency_p95_seconds", 0.2), sli("api", "error_ratio", 0.001))), 1);
        Verdicts v = engine.evaluate(withPassingEvidence(s));
        assertThat(criteria(v, "api", Stage.PRODUCTION)).extracting(CriterionResult::name)
                .containsExactlyInAnyOrder("stage-order", "dependencies", "soak-duration", "uptime-7d",
                        "integration-coverage", "integration-tests", "critical-vulnerabilities", "rollback-documented",
                        "rollback-tested", "load-test", "latency-p95", "error-ratio", "monitoring",
                        "dependency-vulnerabilities", "dependencies-up-to-date", "promotion-blockers");
        assertThat(Readiness.of(criteria(v, "api", Stage.PRODUCTION))).isEqualTo(Readiness.READY);
        SoakVerdict sv = v.soaks().get(0);
        assertThat(sv.state()).isEqualTo(SoakState.OK);
        assertThat(sv.budgetSeconds()).isEqualTo(3024);
        assertThat(sv.requiredSeconds()).isEqualTo(7 * DAY);
    }

    /** The snapshot with a Monitoring fact per component: probed as the component says, this many Alertmanagers. */
    static Snapshot monitored(Snapshot s, int alertmanagers) {
        List<Monitoring> m = s.components().stream()
                .map(c -> new Monitoring(c.name(), c.probed(), false, alertmanagers)).toList();
        return s.withMonitoring(m);
    }

    @Test
    void shortSoakIsUnmetAndSparseWeekIsUnknown() {
        Snapshot s = new Snapshot(NOW, List.of(staging("api")), List.of(),
                List.of(week("api", 600, 0), day("api", 600, 0)), List.of(soak("api", 36000, 600, 0)));
        Verdicts v = engine.evaluate(s);
        assertThat(criterion(v, "api", Stage.PRODUCTION, "soak-duration").state()).isEqualTo(CriterionState.UNMET);
        CriterionResult uptime = criterion(v, "api", Stage.PRODUCTION, "uptime-7d");
        assertThat(uptime.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(uptime.reason()).contains("coverage");
        assertThat(uptime.rule()).isEqualTo("staging uptime");
        assertThat(Readiness.of(criteria(v, "api", Stage.PRODUCTION))).isEqualTo(Readiness.NOT_READY);
    }

    @Test
    void spentBudgetFailsTheSoakAndFastBurnPutsItAtRisk() {
        Snapshot s = new Snapshot(NOW, List.of(staging("flappy"), staging("burning")), List.of(),
                List.of(week("flappy", 3000, 60), day("flappy", 1380, 60),
                        week("burning", 2880, 20), day("burning", 1420, 20)),
                List.of(soak("flappy", 3 * DAY, 3000, 60), soak("burning", 2 * DAY, 2860, 20)));
        Verdicts v = engine.evaluate(s);
        SoakVerdict flappy = v.soaks().stream().filter(x -> x.component().equals("flappy")).findFirst().orElseThrow();
        SoakVerdict burning = v.soaks().stream().filter(x -> x.component().equals("burning")).findFirst().orElseThrow();
        assertThat(flappy.state()).isEqualTo(SoakState.FAILED);
        assertThat(flappy.budgetRemainingRatio()).isZero();
        assertThat(burning.state()).isEqualTo(SoakState.AT_RISK);
    }

    @Test
    void dependencyBelowTargetIsUnmetAndUnknownDependencyIsUnknown() {
        Component api = staging("api", "db", "ghost");
        Snapshot s = new Snapshot(NOW, List.of(api, new Component("db", "", Stage.STAGING, null, List.of(), false, 0)),
                List.of(new Dependency("api", "db", Stage.STAGING), new Dependency("api", "ghost", null)),
                List.of(), List.of());
        Verdicts v = engine.evaluate(s);
        assertThat(criterion(v, "api", Stage.PRODUCTION, "dependencies").state()).isEqualTo(CriterionState.UNMET);
        CriterionResult toStaging = criterion(v, "api", Stage.STAGING, "dependencies");
        assertThat(toStaging.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(toStaging.reason()).contains("ghost");
    }

    @Test
    void developmentCannotSkipToProduction() {
        Component dev = new Component("new", "", Stage.DEVELOPMENT, "0.1", List.of(), false, 0);
        Verdicts v = engine.evaluate(withPassingEvidence(new Snapshot(NOW, List.of(dev), List.of(), List.of(), List.of())));
        assertThat(criterion(v, "new", Stage.PRODUCTION, "stage-order").state()).isEqualTo(CriterionState.UNMET);
        assertThat(Readiness.of(criteria(v, "new", Stage.STAGING))).isEqualTo(Readiness.READY);
    }

    @Test
    void productionComponentKeepsAHigherUptimeBar() {
        Component prod = new Component("web", "", Stage.PRODUCTION, "2", List.of(), true, 60);
        Verdicts v = engine.evaluate(new Snapshot(NOW, List.of(prod), List.of(),
                List.of(week("web", 10060, 20), day("web", 1440, 0)), List.of()));
        CriterionResult uptime = criterion(v, "web", Stage.PRODUCTION, "uptime-7d");
        assertThat(uptime.state()).isEqualTo(CriterionState.UNMET);
        assertThat(uptime.threshold()).startsWith("≥ 99.9%");
    }

    static Sli sli(String c, String name, Double v) {
        return v == null ? Sli.unknown(c, name, "prometheus", "q", "Prometheus unreachable: connection refused")
                : Sli.known(c, name, v, NOW, "prometheus", "q");
    }

    static Snapshot readySoakWith(Sli... slis) {
        long minutes = 7 * 24 * 60 + 10;
        return withPassingEvidence(monitored(new Snapshot(NOW, List.of(staging("api")), List.of(),
                List.of(week("api", 7 * 24 * 60, 0), day("api", 1440, 0)),
                List.of(soak("api", minutes * 60, minutes, 0)), List.of(slis)), 1));
    }

    @Test
    void latencyAndErrorsWithinDefaultSlaAreMet() {
        Verdicts v = engine.evaluate(readySoakWith(sli("api", "latency_p95_seconds", 0.2), sli("api", "error_ratio", 0.001)));
        CriterionResult p95 = criterion(v, "api", Stage.PRODUCTION, "latency-p95");
        assertThat(p95.state()).isEqualTo(CriterionState.MET);
        assertThat(p95.observed()).isEqualTo("200 ms");
        assertThat(p95.threshold()).startsWith("≤ 500ms (default, policy.yaml:");
        assertThat(p95.rule()).isEqualTo("latency p95 within SLA");
        assertThat(criterion(v, "api", Stage.PRODUCTION, "error-ratio").state()).isEqualTo(CriterionState.MET);
        assertThat(Readiness.of(criteria(v, "api", Stage.PRODUCTION))).isEqualTo(Readiness.READY);
    }

    @Test
    void slowLatencyIsUnmet() {
        Verdicts v = engine.evaluate(readySoakWith(sli("api", "latency_p95_seconds", 0.8), sli("api", "error_ratio", 0.0)));
        assertThat(criterion(v, "api", Stage.PRODUCTION, "latency-p95").state()).isEqualTo(CriterionState.UNMET);
        assertThat(Readiness.of(criteria(v, "api", Stage.PRODUCTION))).isEqualTo(Readiness.NOT_READY);
    }

    @Test
    void prometheusOutageMakesSlaUnknownNotUnmet() {
        Verdicts v = engine.evaluate(readySoakWith(sli("api", "latency_p95_seconds", null), sli("api", "error_ratio", null)));
        CriterionResult p95 = criterion(v, "api", Stage.PRODUCTION, "latency-p95");
        assertThat(p95.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(p95.reason()).contains("Prometheus unreachable");
        assertThat(Readiness.of(criteria(v, "api", Stage.PRODUCTION))).isEqualTo(Readiness.UNKNOWN);
    }

    @Test
    void componentWithoutSlisIsUnknownForProductionWithTheReason() {
        Verdicts v = engine.evaluate(readySoakWith());
        for (String name : List.of("latency-p95", "error-ratio")) {
            CriterionResult r = criterion(v, "api", Stage.PRODUCTION, name);
            assertThat(r.state()).isEqualTo(CriterionState.UNKNOWN);
            assertThat(r.reason()).isEqualTo("no SLIs configured for api");
            assertThat(r.facts()).extracting(f -> f.status()).containsOnly("missing");
        }
        assertThat(Readiness.of(criteria(v, "api", Stage.PRODUCTION))).isEqualTo(Readiness.UNKNOWN);
    }

    @Test
    void oneMissingSliIsNamed() {
        Verdicts v = engine.evaluate(readySoakWith(sli("api", "error_ratio", 0.001)));
        CriterionResult p95 = criterion(v, "api", Stage.PRODUCTION, "latency-p95");
        assertThat(p95.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(p95.reason()).isEqualTo("no latency_p95_seconds SLI configured for api");
        assertThat(criterion(v, "api", Stage.PRODUCTION, "error-ratio").state()).isEqualTo(CriterionState.MET);
    }

    @Test
    void productionBreachIsAFactOnlyForKnownValues() {
        Component prod = new Component("web", "", Stage.PRODUCTION, "2", List.of(), true, 60);
        Component other = new Component("db", "", Stage.PRODUCTION, "2", List.of(), true, 60);
        Verdicts v = engine.evaluate(new Snapshot(NOW, List.of(prod, other), List.of(), List.of(), List.of(),
                List.of(sli("web", "latency_p95_seconds", 1.2), sli("web", "error_ratio", 0.05),
                        sli("db", "latency_p95_seconds", null), sli("db", "error_ratio", null))));
        assertThat(v.breaches()).extracting(Breach::component, Breach::name)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("web", "latency_p95_seconds"),
                        org.assertj.core.groups.Tuple.tuple("web", "error_ratio"));
        assertThat(criterion(v, "web", Stage.PRODUCTION, "latency-p95").state()).isEqualTo(CriterionState.UNMET);
    }

    /** web 2.0 in Production for {@code wallSeconds}; the SLI judged for 2.0, as the cycle judges it. */
    static Snapshot production(long wallSeconds, Sli p95, List<SourceStatus> sources, List<Hold> holds) {
        return production(wallSeconds, p95.forVersion("2.0"), sources, holds, List.of());
    }

    static Snapshot production(long wallSeconds, Sli p95, List<SourceStatus> sources, List<Hold> holds,
                               List<Rollback> rollbacks) {
        Component prod = new Component("web", "", Stage.PRODUCTION, "2.0", List.of(), true, 60);
        Soak soak = new Soak("web", "2.0", Stage.PRODUCTION, NOW.minusSeconds(wallSeconds), wallSeconds,
                wallSeconds / 60, 0, 60);
        return new Snapshot(NOW, List.of(prod), List.of(), List.of(week("web", 10080, 0)), List.of(soak),
                List.of(p95), sources, holds, List.of(), List.of(), List.of(), rollbacks, List.of());
    }

    static Rollback rolledBack(String version, long ageSeconds) {
        return new Rollback("web", version, NOW.minusSeconds(ageSeconds), "success", ageSeconds);
    }

    @Test
    void aVersionRolledBackToThatBreachesOnItsOwnDataPagesOnlyWhenTheCapIsSpent() {
        // 2.1 was rolled back to 2.0 ten minutes ago; 2.0 now breaches on its own data
        Verdicts v = engine.evaluate(production(600, sli("web", "latency_p95_seconds", 2.0).forVersion("2.0"),
                List.of(), List.of(), List.of(rolledBack("2.1", 600))));
        assertThat(v.actions()).extracting(ActionRequest::kind).containsExactly(ActionRequest.ALERT);
        assertThat(v.actions().get(0).name()).isEqualTo("ProductionGuardTripped");
        assertThat(v.actions().get(0).version()).isEqualTo("2.0");
        assertThat(v.actions().get(0).forSeconds()).isEqualTo(300);
        assertThat(v.actions().get(0).description()).contains("already rolled back 1 time(s) in the last 1d (cap 1)")
                .contains("no automatic rollback");
    }

    @Test
    void theCapCountsOnlyRollbacksWithinTheWatchWindow() {
        Verdicts v = engine.evaluate(production(600, sli("web", "latency_p95_seconds", 2.0).forVersion("2.0"),
                List.of(), List.of(), List.of(rolledBack("1.9", 2 * DAY))));
        assertThat(v.actions()).extracting(ActionRequest::kind).contains(ActionRequest.ROLLBACK);
    }

    @Test
    void theRunningVersionsOwnRollbackStaysAskedForAndIsNotCountedAgainstIt() {
        // claimed a cycle ago; the probes still see 2.0: the request stays (the pipeline dedupes it)
        Verdicts v = engine.evaluate(production(600, sli("web", "latency_p95_seconds", 2.0).forVersion("2.0"),
                List.of(), List.of(), List.of(rolledBack("2.0", 1))));
        assertThat(v.actions()).extracting(ActionRequest::kind).contains(ActionRequest.ROLLBACK);
        assertThat(v.actions()).noneMatch(a -> a.description().contains("no automatic rollback"));
    }

    @Test
    void aBreachJudgedForAnotherVersionNeverRollsTheRunningOneBack() {
        Verdicts v = engine.evaluate(production(600, sli("web", "latency_p95_seconds", 2.0).forVersion("2.1"),
                List.of(), List.of(), List.of()));
        assertThat(v.actions()).extracting(ActionRequest::kind).doesNotContain(ActionRequest.ROLLBACK);
    }

    @Test
    void breachInsideTheWatchWindowAsksForARollbackAfterItsForDuration() {
        Verdicts v = engine.evaluate(production(3600, sli("web", "latency_p95_seconds", 2.0), List.of(), List.of()));
        ActionRequest rollback = v.actions().stream().filter(a -> a.kind().equals(ActionRequest.ROLLBACK))
                .findFirst().orElseThrow();
        assertThat(rollback.component()).isEqualTo("web");
        assertThat(rollback.version()).isEqualTo("2.0");
        assertThat(rollback.forSeconds()).isEqualTo(300);
        assertThat(v.actions()).extracting(ActionRequest::name).contains("ProductionGuardTripped");
    }

    @Test
    void breachAfterTheWatchWindowOnlyPages() {
        Verdicts v = engine.evaluate(production(2 * DAY, sli("web", "latency_p95_seconds", 2.0), List.of(), List.of()));
        assertThat(v.actions()).extracting(ActionRequest::kind).containsExactly(ActionRequest.ALERT);
        assertThat(v.actions().get(0).description()).contains("no automatic rollback");
    }

    @Test
    void unknownSlisNeverAskForAnythingButTheSourceDownWarning() {
        Verdicts v = engine.evaluate(production(3600, sli("web", "latency_p95_seconds", null),
                List.of(new SourceStatus("prometheus", false, "Prometheus unreachable")), List.of()));
        assertThat(v.actions()).extracting(ActionRequest::name).containsExactly("PromotionDataSourceDown");
        assertThat(v.actions().get(0).severity()).isEqualTo("warning");
    }

    @Test
    void failedSoakPagesAndHeldVersionIsNotReady() {
        Snapshot s = new Snapshot(NOW, List.of(staging("flappy")), List.of(),
                List.of(week("flappy", 3000, 60), day("flappy", 1380, 60)),
                List.of(soak("flappy", 3 * DAY, 3000, 60)));
        assertThat(engine.evaluate(s).actions()).extracting(ActionRequest::name, ActionRequest::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PromotionSoakFailed", "page"));
        Verdicts held = engine.evaluate(production(3600, sli("web", "latency_p95_seconds", 0.1), List.of(),
                List.of(new Hold("web", "2.0", NOW, "rolled back"))));
        assertThat(criterion(held, "web", Stage.PRODUCTION, "rollback-hold").state()).isEqualTo(CriterionState.UNMET);
        assertThat(held.actions()).isEmpty();
    }

    static List<String> missing(Verdicts v, String alertname) {
        return v.dataMissing().stream().filter(m -> m.alertname().equals(alertname))
                .map(m -> m.component() + ": " + m.reason()).toList();
    }

    @Test
    void guardFactsAreMissingWhileAJudgedSliIsUnknownAndClearWhenAllAreKnown() {
        Verdicts blind = engine.evaluate(production(3600, sli("web", "latency_p95_seconds", null), List.of(), List.of()));
        assertThat(missing(blind, "ProductionGuardTripped"))
                .containsExactly("web: latency_p95_seconds unknown: Prometheus unreachable: connection refused");
        Verdicts known = engine.evaluate(production(3600, sli("web", "latency_p95_seconds", 0.1), List.of(), List.of()));
        assertThat(known.dataMissing()).isEmpty();
        Component prod = new Component("web", "", Stage.PRODUCTION, "2.0", List.of(), true, 60);
        Verdicts noSlis = engine.evaluate(new Snapshot(NOW, List.of(prod), List.of(), List.of(), List.of()));
        assertThat(missing(noSlis, "ProductionGuardTripped")).singleElement().asString()
                .contains("no error_ratio or latency_p95_seconds SLI");
    }

    @Test
    void soakAlertFactsAreMissingWithoutAVerdictAndClearWithOne() {
        Component unprobed = new Component("flappy", "g", Stage.STAGING, "1.0", List.of(), false, 0);
        Verdicts blind = engine.evaluate(new Snapshot(NOW, List.of(unprobed), List.of(), List.of(), List.of()));
        assertThat(blind.dataMissing()).extracting(AlertDataMissing::alertname)
                .containsExactlyInAnyOrder("PromotionSoakFailed", "PromotionSoakAtRisk");
        assertThat(missing(blind, "PromotionSoakFailed")).singleElement().asString().contains("not probed any more");
        Snapshot withVerdict = new Snapshot(NOW, List.of(staging("flappy")), List.of(),
                List.of(week("flappy", 3000, 0), day("flappy", 1440, 0)), List.of(soak("flappy", 3 * DAY, 3000, 0)));
        assertThat(engine.evaluate(withVerdict).dataMissing()).isEmpty();
    }

    @Test
    void compileErrorNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.drl"), "package x;\nrule \"a\" when then end\n");
        Files.writeString(dir.resolve("bad.drl"), "package x;\n\nrule \"b\"\nwhen\n    Nope(\nthen\nend\n");
        assertThatThrownBy(() -> DroolsRuleEngine.compile(dir))
                .isInstanceOf(RulesException.class)
                .satisfies(e -> {
                    RuleProblem p = ((RulesException) e).problems().get(0);
                    assertThat(p.file()).isEqualTo(dir.resolve("bad.drl"));
                    assertThat(p.line()).isGreaterThan(0);
                    assertThat(p.toString()).startsWith(dir.resolve("bad.drl") + ":" + p.line() + ":");
                });
    }

    @Test
    void anUptimeWindowNobodyReportedIsUnknownNeverLeftOut() {
        // the policy judges uptime over 7d, but the windows reported are others (a reload switched the
        // ledger to a new policy's 14d window while these rules still judge): without its uptime
        // criterion the rest would say ready
        long minutes = 7 * 24 * 60 + 10;
        Snapshot s = withPassingEvidence(monitored(new Snapshot(NOW, List.of(staging("api")), List.of(),
                List.of(day("api", 1440, 0), new Uptime("api", "14d", 14 * DAY, 14 * 1440, 0, 14 * 1440, 60, NOW)),
                List.of(soak("api", minutes * 60, minutes, 0)),
                List.of(sli("api", "latency_p95_seconds", 0.2), sli("api", "error_ratio", 0.001))), 1));
        Verdicts v = engine.evaluate(s);
        CriterionResult uptime = criterion(v, "api", Stage.PRODUCTION, "uptime-7d");
        assertThat(uptime.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(uptime.reason()).contains("7d");
        assertThat(uptime.threshold()).startsWith("≥ 99.5% over 7d");
        assertThat(Readiness.of(criteria(v, "api", Stage.PRODUCTION))).isEqualTo(Readiness.UNKNOWN);

        Component prod = new Component("web", "", Stage.PRODUCTION, "2", List.of(), true, 60);
        Verdicts p = engine.evaluate(new Snapshot(NOW, List.of(prod), List.of(), List.of(day("web", 1440, 0)), List.of()));
        assertThat(criterion(p, "web", Stage.PRODUCTION, "uptime-7d").state()).isEqualTo(CriterionState.UNKNOWN);
    }
}
