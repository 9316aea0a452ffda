package dev.promotiond.rulestest;

import dev.promotiond.rulestest.ScenarioRunner.Report.Failure;
import dev.promotiond.rulestest.ScenarioRunner.Report.Result;
import dev.promotiond.actions.Alert;
import dev.promotiond.rulestest.Scenario.ActionSpec;
import dev.promotiond.rulestest.Scenario.Check;
import dev.promotiond.config.ConfigException;
import dev.promotiond.config.Durations;
import dev.promotiond.config.ConfigProblem;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.engine.RuleProblem;
import dev.promotiond.engine.RulesException;
import dev.promotiond.facts.ActionRequest;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the rule-test scenarios of a rules folder ({@code DIR/tests/*.yaml}) against the DRL in
 * {@code DIR}, in the spirit of {@code promtool test rules}. Each scenario gets the daemon's real
 * store, ledger, stage book and evaluation cycle ({@link ScenarioWorld}) on simulated time; the
 * rules decide exactly as they would in the daemon.
 *
 * <p>A scenario file:
 * <pre>
 * name: a healthy week in staging is ready for production   # required
 * start: 2026-11-01T00:00:00Z      # optional (default 2026-01-01T00:00:00Z); times below are offsets from it
 * alertmanagers: 1                 # optional (default 0): Alertmanagers the daemon pages, its alert route
 * components:
 *   - name: api                    # [a-z0-9-]+
 *     stage: Staging               # declared stage: Development | Staging | Production
 *     version: 1.0.0               # what its health endpoint reports (omit: no version)
 *     probe_interval: 10m          # omit: not probed (uptime and soak unknown, as in the daemon)
 *     dependencies: [db]           # other components of this scenario
 *     metrics: true                # the built-in SLIs, unknown until set; or a list of SLI names
 *     rollback: {command: [echo]}  # or {webhook: URL}; optional dry_run: true. Gives a RollbackPlan fact
 *     group: Team                  # optional
 * timeline:                        # offsets: 0s, 90m, 7d, 7d1h (Prometheus durations)
 *   - {from: 0s, to: 7d, probes: {api: up}}        # a probe each interval in [from, to), at start + k × interval
 *   - {at: 3d, for: 2h, probes: {api: down}}       # from 3d to 3d2h; where runs overlap the later one wins
 *   - {at: 4d, for: 1h, probes: {api: none}}       # none: not probed (a gap lowers coverage, not uptime)
 *   - {at: 7d, version: {api: 1.1.0}}              # probes from now on report 1.1.0
 *   - {at: 7d, slis: {api: {latency_p95_seconds: 0.2, error_ratio: unknown}}}   # stays until changed
 *   - {at: 1d, evidence: [{component: api, version: 1.0.0, kind: unit, values: {tests: 10, failures: 0}}]}
 *   - {at: 2d, deploy: {component: api, stage: Production, version: 1.0.0}}      # a deployment record; type optional
 *   - {at: 2d, source: {prometheus: down}}         # every SLI reads unknown until {prometheus: up}
 *   - {at: 3d, hold: {component: api, version: 1.0.0}}   # as after a rollback; {at: 4d, clear_hold: api}
 *   - {at: 3d, rollback: {component: api, version: 1.1.0}}   # a rollback carried out: counts toward the cap, holds 1.1.0
 * expect:                          # each entry is evaluated at `at`, after every event and probe up to and at it
 *   - at: 7d1h
 *     component: api
 *     target: production           # staging | production; needed by readiness, criteria and reason_contains
 *     readiness: ready             # ready | not_ready | unknown | not_applicable (at or above the target)
 *     criteria: {soak-duration: met, uptime-7d: met}   # met | unmet | unknown | absent (no rule produced it)
 *     reason_contains: {uptime-7d: "probes UP"}
 *     soak: ok                     # ok | at_risk | failed | none (no verdict)
 *     stage: Staging               # the stage it was judged in; version: 1.0.0 the version it was judged at
 *     breaches: [error_ratio]      # its Production SLA breaches, exactly
 *     actions: [{kind: alert, name: PromotionSoakFailed, severity: page, for: 0s}]   # exactly; [] for none
 *     rollbacks: [{from: 15.6, to: 15.5}]   # every rollback carried out so far, in order (acting scenarios)
 *     firing: [ProductionGuardTripped]       # the alerts firing now, exactly (acting scenarios)
 *     firing_since: {ProductionGuardTripped: 2h35m}   # when that alert started firing, as Alertmanager sees it
 * </pre>
 * A scenario <em>acts</em> when it sets {@code evaluation_interval: 1m} at the top, has a
 * {@code {at: 3h, restart: true}} event (the daemon restarts: everything in memory is rebuilt from
 * the store), or expects rollbacks or firing alerts. It then runs the daemon's loop every
 * evaluation interval (default 1m): a cycle, then the real action pipeline (debounce over
 * consecutive cycles, one rollback per component and version, holds, alerts). A rollback is carried
 * out by the scenario: from the next probe on the component reports the version rolled back to
 * (the previous one, found as the daemon finds it), so that version is then judged on its own.
 * Every key of an expectation except {@code at}, {@code component} and {@code target} is one
 * expectation in the summary. {@code actions} are the rules' requests of this cycle for the
 * component (without {@code component}: for every component, and items name their own); the
 * daemon acts on one only after it was asked for continuously for its {@code for}, which is
 * compared when given. SLIs never go stale in a scenario; a source going down is the way to make
 * them unknown for everything at once.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {
    }

    /**
     * What {@code promotiond rules test} found: compile errors of the rules (nothing ran), malformed
     * scenario files (they did not run), and the result of every scenario that ran.
     */
    public record Report(List<RuleProblem> compileErrors, List<ConfigProblem> malformed, List<Result> results) {
        public Report {
            compileErrors = List.copyOf(compileErrors);
            malformed = List.copyOf(malformed);
            results = List.copyOf(results);
        }

        /** One scenario that ran: how many expectations it checked, and those that failed. */
        public record Result(Path file, String name, int expectations, List<Failure> failures) {
            public Result {
                failures = List.copyOf(failures);
            }
        }

        /**
         * One expectation the rules did not meet.
         *
         * @param at      the instant as written in the scenario ("7d1h")
         * @param who     "api → production", or "api", or "every component"
         * @param subject "criterion uptime-7d", "readiness", "soak", "actions", ...
         * @param details the actual results behind it (reasons, other criteria, action summaries)
         */
        public record Failure(Path file, int line, int column, String at, String who, String subject, String expected,
                              String actual, List<String> details) {
            public Failure {
                details = List.copyOf(details);
            }

            /** {@code file:line:col: at 7d1h: api → production: criterion uptime-7d: expected met, got unknown}. */
            @Override
            public String toString() {
                StringBuilder s = new StringBuilder().append(file).append(':').append(line).append(':').append(column)
                        .append(": at ").append(at).append(": ").append(who).append(": ").append(subject)
                        .append(": expected ").append(expected).append(", got ").append(actual);
                details.forEach(d -> s.append(System.lineSeparator()).append("    ").append(d));
                return s.toString();
            }
        }

        public int scenarios() {
            return results.size();
        }

        public int expectations() {
            return results.stream().mapToInt(Result::expectations).sum();
        }

        public int failed() {
            return results.stream().mapToInt(r -> r.failures().size()).sum();
        }

        /** {@code N scenarios, M expectations, K failed}. */
        public String summary() {
            return scenarios() + " scenario" + (scenarios() == 1 ? "" : "s") + ", " + expectations() + " expectation"
                    + (expectations() == 1 ? "" : "s") + ", " + failed() + " failed";
        }
    }

    /** Compiles the rules in {@code rulesDir} and runs every scenario of {@code rulesDir/tests}. */
    public static Report run(Path rulesDir) {
        DroolsRuleEngine engine;
        try {
            engine = DroolsRuleEngine.compile(rulesDir);
        } catch (RulesException e) {
            return new Report(e.problems(), List.of(), List.of());
        }
        Path tests = rulesDir.resolve("tests");
        List<Path> files;
        try (Stream<Path> s = Files.list(tests)) {
            files = s.filter(p -> Files.isRegularFile(p)
                    && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))).sorted().toList();
        } catch (IOException e) {
            files = List.of();
        }
        if (files.isEmpty()) {
            return new Report(List.of(), List.of(new ConfigProblem(tests, 0, 0, "",
                    "no scenario files (*.yaml) to run")), List.of());
        }
        List<ConfigProblem> malformed = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        Path work;
        try {
            work = Files.createTempDirectory("promotiond-rules-test");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the scenarios' stores", e);
        }
        try {
            for (Path file : files) {
                Scenario scenario;
                try {
                    scenario = ScenarioReader.read(file);
                } catch (ConfigException e) {
                    malformed.addAll(e.problems());
                    continue;
                }
                try {
                    results.add(run(scenario, engine, work.resolve(file.getFileName() + ".db")));
                } catch (ScenarioWorld.Refused e) {
                    malformed.add(new ConfigProblem(file, e.where.line(), e.where.column(), "", e.getMessage()));
                }
            }
        } finally {
            delete(work);
        }
        return new Report(List.of(), malformed, results);
    }

    /** Runs one scenario; evaluates once per instant that has expectations. */
    static Result run(Scenario scenario, RuleEngine engine, Path storeFile) {
        List<Failure> failures = new ArrayList<>();
        try (ScenarioWorld world = new ScenarioWorld(scenario, engine, storeFile)) {
            Instant evaluatedAt = null;
            Evaluation evaluation = null;
            RuntimeException broken = null;
            for (Check c : scenario.checks()) {
                if (broken == null && !c.at().equals(evaluatedAt)) {
                    try {
                        world.advanceTo(c.at());
                        evaluation = world.evaluate();
                        evaluatedAt = c.at();
                    } catch (ScenarioWorld.Refused e) {
                        throw e;
                    } catch (RuntimeException e) {
                        broken = e;
                    }
                }
                if (broken != null) {
                    failures.add(failure(scenario, c, "evaluated", "an error", List.of("evaluation at " + c.atText()
                            + " or before failed: " + broken)));
                    continue;
                }
                Failure f = check(scenario, c, evaluation, world);
                if (f != null) {
                    failures.add(f);
                }
            }
        }
        return new Result(scenario.file(), scenario.name(), scenario.checks().size(), failures);
    }

    /** Null when the evaluation meets the expectation; otherwise what it said instead, and why. */
    private static Failure check(Scenario s, Check c, Evaluation e, ScenarioWorld world) {
        if (c.subject() == Scenario.Subject.ACTIONS) {
            return actions(s, c, e);
        }
        if (c.subject() == Scenario.Subject.ROLLBACKS || c.subject() == Scenario.Subject.FIRING
                || c.subject() == Scenario.Subject.FIRING_SINCE) {
            return carriedOut(s, c, world);
        }
        ComponentStatus status = e.component(c.component()).orElseThrow();
        TargetStatus target = c.target() == null ? null : status.target(c.target());
        List<String> details = new ArrayList<>();
        String actual;
        switch (c.subject()) {
            case READINESS -> {
                actual = target.state().label();
                target.criteria().stream().filter(r -> r.state() != CriterionState.MET)
                        .forEach(r -> details.add(r.name() + ": " + r.state().label() + ": " + r.reason()));
            }
            case CRITERION -> {
                List<CriterionResult> found = named(target, c.key());
                actual = found.isEmpty() ? "absent"
                        : String.join("+", found.stream().map(r -> r.state().label()).toList());
                if (found.isEmpty()) {
                    details.add("criteria of " + c.component() + " → " + c.target().label() + ": "
                            + String.join(", ", target.criteria().stream().map(CriterionResult::name).toList()));
                }
                found.forEach(r -> details.add(explain(r)));
            }
            case REASON -> {
                List<CriterionResult> found = named(target, c.key());
                if (found.stream().anyMatch(r -> r.reason().contains(c.expected()))) {
                    return null;
                }
                found.forEach(r -> details.add(explain(r)));
                return failure(s, c, "a reason containing \"" + c.expected() + "\"",
                        found.isEmpty() ? "absent" : String.join(" / ", found.stream().map(r -> r.state().label()
                                + " \"" + r.reason() + "\"").toList()), details);
            }
            case SOAK -> {
                actual = status.soakVerdict() == null ? "none" : status.soakVerdict().state().label();
                if (status.soakVerdict() != null) {
                    details.add("reason: " + status.soakVerdict().reason());
                }
            }
            case STAGE -> actual = status.currentStage().title();
            case VERSION -> actual = status.judgedVersion() == null ? "none" : status.judgedVersion();
            case BREACHES -> {
                List<String> names = new ArrayList<>(status.breaches().stream().map(Breach::name).toList());
                names.sort(null);
                actual = names.toString();
                status.breaches().forEach(b -> details.add(b.name() + ": " + b.reason()));
            }
            default -> throw new IllegalStateException("unchecked subject " + c.subject());
        }
        return actual.equals(c.expected()) ? null : failure(s, c, c.expected(), actual, details);
    }

    /** What the daemon's loop carried out: rollbacks so far, alerts firing now and since when. */
    private static Failure carriedOut(Scenario s, Check c, ScenarioWorld world) {
        List<Alert> firing = world.firing(c.component());
        List<String> details = new ArrayList<>();
        firing.forEach(a -> details.add("firing " + a.alertname() + " since " + a.startsAt() + ": "
                + a.annotations().getOrDefault("description", "")));
        String actual = switch (c.subject()) {
            case ROLLBACKS -> world.rollbacks(c.component()).toString();
            case FIRING -> firing.stream().map(Alert::alertname).sorted().toList().toString();
            default -> firing.stream().filter(a -> a.alertname().equals(c.key()))
                    .map(a -> Durations.format(Duration.between(s.start(), a.startsAt()))).findFirst().orElse("not firing");
        };
        return actual.equals(c.expected()) ? null : failure(s, c, c.expected(), actual, details);
    }

    /** The rules' requests must be exactly the expected ones; severity and for only when given. */
    private static Failure actions(Scenario s, Check c, Evaluation e) {
        List<ActionRequest> asked = e.actions().stream()
                .filter(a -> c.component() == null || a.component().equals(c.component())).toList();
        List<ActionRequest> left = new ArrayList<>(asked);
        List<ActionSpec> expected = new ArrayList<>(c.actions());
        expected.sort(Comparator.comparing(a -> a.severity() == null && a.forSeconds() == null)); // specific first
        boolean ok = true;
        for (ActionSpec want : expected) {
            ActionRequest match = left.stream().filter(a -> a.kind().equals(want.kind()) && a.name().equals(want.name())
                    && a.component().equals(want.component())
                    && (want.severity() == null || want.severity().equals(a.severity()))
                    && (want.forSeconds() == null || want.forSeconds() == a.forSeconds())).findFirst().orElse(null);
            ok &= match != null;
            left.remove(match);
        }
        if (ok && left.isEmpty()) {
            return null;
        }
        List<String> details = new ArrayList<>();
        asked.forEach(a -> details.add(a.kind() + " " + a.name() + ": " + a.summary()
                + (a.description().isEmpty() ? "" : " (" + a.description() + ")") + " [rule \"" + a.rule() + "\"]"));
        return failure(s, c, c.actions().toString(), asked.stream().map(a -> new ActionSpec(a.kind(), a.name(),
                a.component(), a.severity(), a.forSeconds())).toList().toString(), details);
    }

    private static List<CriterionResult> named(TargetStatus target, String name) {
        return target.criteria().stream().filter(r -> r.name().equals(name)).toList();
    }

    private static String explain(CriterionResult r) {
        return "reason: " + r.reason() + " (observed " + r.observed() + ", threshold " + r.threshold() + "; rule \""
                + r.rule() + "\")";
    }

    static Failure failure(Scenario s, Check c, String expected, String actual, List<String> details) {
        String who = c.component() == null ? "every component"
                : c.component() + (c.target() == null ? "" : " → " + c.target().label());
        String subject = switch (c.subject()) {
            case CRITERION -> "criterion " + c.key();
            case REASON -> "reason of " + c.key();
            case FIRING_SINCE -> "start of " + c.key();
            default -> c.subject().name().toLowerCase(java.util.Locale.ROOT);
        };
        return new Failure(s.file(), c.where().line(), c.where().column(), c.atText(), who, subject, expected, actual,
                details);
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary file is not worth failing the tests for
        }
    }
}
