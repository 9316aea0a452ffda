package dev.promotiond.engine;

import static dev.promotiond.engine.DefaultRulesTest.DAY;
import static dev.promotiond.engine.DefaultRulesTest.NOW;
import static dev.promotiond.engine.DefaultRulesTest.RULES;
import static dev.promotiond.engine.DefaultRulesTest.sli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import dev.promotiond.facts.Verdicts;
import dev.promotiond.testing.PolicyEdit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One knob of policy.yaml at a time, over one fleet: each change flips exactly the criteria (and
 * soak verdicts) it should, and no other. The fleet: api and web in group "g", db in "databases";
 * all in Staging with a complete 7-day soak at 99.70% uptime (30 minutes DOWN), p95 350 ms and an
 * error ratio of 0.4%, passing evidence. db also lost 20 hours 10 days ago (its 14-day window).
 */
class PolicyKnobsTest {
    static Verdicts baseline;

    @TempDir
    Path dir;

    @BeforeAll
    static void evaluateTheShippedPolicy() throws Exception {
        baseline = DroolsRuleEngine.compile(RULES).evaluate(fleet());
    }

    static Snapshot fleet() {
        List<Component> components = List.of(component("api", "g"), component("web", "g"), component("db", "databases"));
        List<Uptime> uptimes = new ArrayList<>();
        List<Soak> soaks = new ArrayList<>();
        List<Sli> slis = new ArrayList<>();
        long week = 7 * 24 * 60;
        for (Component c : components) {
            uptimes.add(new Uptime(c.name(), "7d", 7 * DAY, week - 30, 30, week, 60, NOW));
            uptimes.add(new Uptime(c.name(), "24h", DAY, 1440, 0, 1440, 60, NOW));
            uptimes.add(new Uptime(c.name(), "14d", 14 * DAY, 2 * week - 30 - (c.name().equals("db") ? 1200 : 0),
                    30 + (c.name().equals("db") ? 1200 : 0), 2 * week, 60, NOW));
            soaks.add(new Soak(c.name(), "1.0", Stage.STAGING, NOW.minusSeconds(week * 60 + 600), week * 60 + 600,
                    week + 10 - 30, 30, 60));
            slis.add(sli(c.name(), "latency_p95_seconds", 0.35));
            slis.add(sli(c.name(), "error_ratio", 0.004));
        }
        return DefaultRulesTest.withPassingEvidence(DefaultRulesTest.monitored(
                new Snapshot(NOW, components, List.of(), uptimes, soaks, slis), 1));
    }

    static Component component(String name, String group) {
        return new Component(name, group, Stage.STAGING, "1.0", List.of(), true, 60);
    }

    /** The shipped rules with {@code edit} applied to a copy of their policy.yaml. */
    Verdicts with(java.util.function.UnaryOperator<String> edit) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        Files.writeString(rules.resolve("policy.yaml"), edit.apply(Files.readString(RULES.resolve("policy.yaml"))));
        return DroolsRuleEngine.compile(rules).evaluate(fleet());
    }

    /** "component criterion: before → after" for every criterion (or soak verdict) that differs. */
    static List<String> changes(Verdicts before, Verdicts after) {
        Map<String, String> a = states(before);
        Map<String, String> b = states(after);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String x = a.getOrDefault(k, "absent");
            String y = b.getOrDefault(k, "absent");
            if (!x.equals(y)) {
                out.add(k + ": " + x + " → " + y);
            }
        }
        return out;
    }

    static Map<String, String> states(Verdicts v) {
        Map<String, String> out = new TreeMap<>();
        for (CriterionResult r : v.criteria()) {
            out.put(r.component() + " " + r.target().name().toLowerCase() + " " + r.name(), r.state().name());
        }
        for (SoakVerdict s : v.soaks()) {
            out.put(s.component() + " soak", s.state().name());
        }
        return out;
    }

    static CriterionResult criterion(Verdicts v, String component, String name) {
        return DefaultRulesTest.criterion(v, component, Stage.PRODUCTION, name);
    }

    @Test
    void theFleetIsReadyUnderTheShippedPolicy() {
        for (String c : List.of("api", "web", "db")) {
            assertThat(DefaultRulesTest.criteria(baseline, c, Stage.PRODUCTION))
                    .allMatch(r -> r.state() == dev.promotiond.facts.CriterionState.MET, c);
        }
        assertThat(states(baseline)).containsEntry("db soak", "OK");
    }

    @Test
    void theObjectiveMovesUptimeAndTheDerivedBudgetOfEveryComponent() throws Exception {
        Verdicts v = with(t -> PolicyEdit.set(t, "to_production.min_uptime", "99.8%"));
        assertThat(changes(baseline, v)).containsExactly(
                "api production uptime-7d: MET → UNMET", "api soak: OK → FAILED",
                "db production uptime-7d: MET → UNMET", "db soak: OK → FAILED",
                "web production uptime-7d: MET → UNMET", "web soak: OK → FAILED");
    }

    @Test
    void anOverriddenBudgetMovesOnlyTheSoakVerdicts() throws Exception {
        Verdicts v = with(t -> PolicyEdit.set(t, "to_production.max_error_budget", "0.1%"));
        assertThat(changes(baseline, v)).containsExactly("api soak: OK → FAILED", "db soak: OK → FAILED",
                "web soak: OK → FAILED");
    }

    @Test
    void aLongerSoakForOneGroupMovesOnlyThatGroup() throws Exception {
        Verdicts v = with(t -> t + "\ngroups:\n  databases:\n    to_production:\n      soak: 10d\n");
        assertThat(changes(baseline, v)).containsExactly("db production soak-duration: MET → UNMET");
        assertThat(criterion(v, "db", "soak-duration").threshold()).startsWith("≥ 10d observed (for group databases, policy.yaml:");
    }

    @Test
    void aFourteenDayWindowForOneGroupRenamesItsCriterionAndJudgesTheOlderOutage() throws Exception {
        Verdicts v = with(t -> t + "\ngroups:\n  databases:\n    to_production:\n      uptime_window: 14d\n");
        // the outage was before this version's soak began: the soak's own budget is untouched
        assertThat(changes(baseline, v)).containsExactly("db production uptime-14d: absent → UNMET",
                "db production uptime-7d: MET → absent");
    }

    @Test
    void aGroupSlaMovesTheGroupsComponentsOnly() throws Exception {
        Verdicts v = with(t -> t + "\ngroups:\n  g:\n    sla:\n      max_latency_p95: 300ms\n");
        assertThat(changes(baseline, v)).containsExactly("api production latency-p95: MET → UNMET",
                "web production latency-p95: MET → UNMET");
    }

    @Test
    void aComponentSlaMovesThatComponentOnly() throws Exception {
        Verdicts v = with(t -> t + "\ncomponents:\n  api:\n    sla:\n      max_error_ratio: 0.3%\n");
        assertThat(changes(baseline, v)).containsExactly("api production error-ratio: MET → UNMET");
        assertThat(criterion(v, "api", "error-ratio").threshold()).startsWith("≤ 0.3% (for api, policy.yaml:");
        assertThat(criterion(v, "web", "error-ratio").threshold()).startsWith("≤ 1% (default, policy.yaml:");
    }

    @Test
    void aComponentOverridesItsGroupWhichOverridesTheDefault() throws Exception {
        Verdicts v = with(t -> t + """

                groups:
                  g:
                    sla: {max_latency_p95: 300ms}
                components:
                  api:
                    sla: {max_latency_p95: 400ms}
                """);
        assertThat(changes(baseline, v)).containsExactly("web production latency-p95: MET → UNMET");
        assertThat(criterion(v, "api", "latency-p95").threshold()).startsWith("≤ 400ms (for api, policy.yaml:");
        assertThat(criterion(v, "web", "latency-p95").threshold()).startsWith("≤ 300ms (for group g, policy.yaml:");
        assertThat(criterion(v, "db", "latency-p95").threshold()).startsWith("≤ 500ms (default, policy.yaml:");
    }
}
