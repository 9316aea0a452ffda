package dev.promotiond.replay;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Dependency;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.RollbackPlan;
import dev.promotiond.facts.Monitoring;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import dev.promotiond.promql.PrometheusUptime;
import dev.promotiond.store.StoreHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Re-evaluates stored history with two sets of rules — the ones in use and a candidate — at regular
 * instants, and lists every verdict the candidate would change. Facts are rebuilt from the store as
 * of each instant (uptime windows and soaks at minute resolution, stages and versions from the
 * history, evidence received by then). SLIs come from a function of the instant: Prometheus's
 * history ({@code promql.SliHistory}) or, without Prometheus, unknown with the reason.
 */
public final class Replay {
    /** Readiness changes are listed under this criterion name. */
    public static final String READINESS = "(readiness)";

    private Replay() {
    }

    /** One verdict that differs over [{@code from}, {@code to}] (consecutive instants merged). */
    public record Change(Instant from, Instant to, String component, Stage target, String criterion, String before,
                         String after, String reason) {
    }

    /**
     * @param configs the daemon's components (stages, dependencies, intervals); empty to take every
     *                component the store knows with the stage and interval it recorded
     */
    public static List<Change> run(StoreHistory history, List<ComponentConfig> configs, RuleEngine baseline,
                                   RuleEngine candidate, Instant from, Instant until, Duration step) {
        return run(history, configs, at -> List.of(), baseline, candidate, from, until, step);
    }

    /**
     * @param slis the SLIs as of an instant (the same for both rule sets)
     */
    public static List<Change> run(StoreHistory history, List<ComponentConfig> configs, Function<Instant, List<Sli>> slis,
                                   RuleEngine baseline, RuleEngine candidate, Instant from, Instant until, Duration step) {
        return run(history, configs, slis, baseline, candidate, from, until, step, 0);
    }

    /**
     * @param alertmanagers the config's Alertmanagers (the alert route "monitoring" judges; the store
     *                      does not keep it), 0 without a config
     */
    public static List<Change> run(StoreHistory history, List<ComponentConfig> configs, Function<Instant, List<Sli>> slis,
                                   RuleEngine baseline, RuleEngine candidate, Instant from, Instant until, Duration step,
                                   int alertmanagers) {
        Objects.requireNonNull(history, "history");
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive");
        }
        List<Change> out = new ArrayList<>();
        Map<String, Change> open = new LinkedHashMap<>();
        for (Instant at = from; !at.isAfter(until); at = at.plus(step)) {
            Snapshot s = snapshot(history, configs, slis.apply(at), at, alertmanagers);
            Map<String, Stage> stageOf = new HashMap<>();
            s.components().forEach(c -> stageOf.put(c.name(), c.stage()));
            Map<String, String[]> before = verdicts(baseline.evaluate(s).criteria(), stageOf);
            Map<String, String[]> after = verdicts(candidate.evaluate(s).criteria(), stageOf);
            Map<String, Change> now = new LinkedHashMap<>();
            java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
            keys.addAll(after.keySet());
            for (String k : keys) {
                String b = before.containsKey(k) ? before.get(k)[0] : "absent";
                String a = after.containsKey(k) ? after.get(k)[0] : "absent";
                if (b.equals(a)) {
                    continue;
                }
                String[] parts = k.split("\u0000");
                String reason = after.containsKey(k) ? after.get(k)[1] : before.get(k)[1];
                Change prev = open.get(k);
                if (prev != null && prev.before().equals(b) && prev.after().equals(a)) {
                    now.put(k, new Change(prev.from(), at, prev.component(), prev.target(), prev.criterion(), b, a, reason));
                } else {
                    now.put(k, new Change(at, at, parts[0], Stage.valueOf(parts[1]), parts[2], b, a, reason));
                }
            }
            open.forEach((k, c) -> {
                if (!now.containsKey(k) || !now.get(k).from().equals(c.from())) {
                    out.add(c);
                }
            });
            open = now;
        }
        out.addAll(open.values());
        out.sort((x, y) -> x.from().compareTo(y.from()) != 0 ? x.from().compareTo(y.from())
                : (x.component() + x.target() + x.criterion()).compareTo(y.component() + y.target() + y.criterion()));
        return out;
    }

    /** component\0TARGET\0criterion → {state, reason}; readiness per (component, target) too. */
    private static Map<String, String[]> verdicts(List<CriterionResult> criteria, Map<String, Stage> stageOf) {
        Map<String, String[]> out = new HashMap<>();
        Map<String, List<CriterionResult>> byTarget = new HashMap<>();
        for (CriterionResult r : criteria) {
            out.put(r.component() + "\u0000" + r.target().name() + "\u0000" + r.name(),
                    new String[] {r.state().label(), r.reason()});
            byTarget.computeIfAbsent(r.component() + "\u0000" + r.target().name(), k -> new ArrayList<>()).add(r);
        }
        byTarget.forEach((k, list) -> out.put(k + "\u0000" + READINESS, new String[] {Readiness.of(
                stageOf.get(list.get(0).component()), list.get(0).target(), list).label(), ""}));
        return out;
    }

    static Snapshot snapshot(StoreHistory h, List<ComponentConfig> configs, List<Sli> slis, Instant at,
                             int alertmanagers) {
        Map<String, Map<String, Sli>> sliIndex = new HashMap<>();
        slis.forEach(x -> sliIndex.computeIfAbsent(x.component(), k -> new HashMap<>()).put(x.name(), x));
        Map<String, ComponentConfig> byName = new LinkedHashMap<>();
        configs.forEach(c -> byName.put(c.name(), c));
        List<String> names = configs.isEmpty() ? h.components() : new ArrayList<>(byName.keySet());
        Map<String, Stage> stages = new HashMap<>();
        for (String n : names) {
            Stage s = h.stage(n, at);
            if (s == null && byName.containsKey(n)) {
                s = byName.get(n).stage();
            }
            if (s != null) {
                stages.put(n, s);
            }
        }
        List<Component> components = new ArrayList<>();
        List<Dependency> deps = new ArrayList<>();
        List<Uptime> uptimes = new ArrayList<>();
        List<Soak> soaks = new ArrayList<>();
        List<RollbackPlan> plans = new ArrayList<>();
        List<Monitoring> monitoring = new ArrayList<>();
        for (String n : names) {
            Stage stage = stages.get(n);
            if (stage == null) {
                continue;
            }
            ComponentConfig cfg = byName.get(n);
            long interval = cfg != null ? (cfg.health() == null ? 0 : cfg.health().interval().toSeconds())
                    : h.inferredIntervalSeconds(n);
            List<String> dependencies = cfg == null ? List.of() : cfg.dependencies();
            components.add(new Component(n, cfg == null ? "" : cfg.group(), stage, h.version(n, at), dependencies,
                    interval > 0, interval));
            monitoring.add(new Monitoring(n, interval > 0,
                    cfg != null && cfg.metrics() != null && cfg.metrics().uptimeInterval() != null, alertmanagers));
            for (String d : dependencies) {
                deps.add(new Dependency(n, d, stages.get(d)));
            }
            if (interval == 0 && cfg != null && cfg.metrics() != null && cfg.metrics().uptimeInterval() != null) {
                uptimes.addAll(PrometheusUptime.windows(cfg, sliIndex.getOrDefault(n, Map.of()), h.windows()));
            }
            if (interval > 0) {
                uptimes.addAll(h.uptimes(n, at, interval));
                Soak soak = h.soak(n, at, interval);
                if (soak != null && soak.stage() == stage) {
                    soaks.add(soak);
                }
            }
            if (cfg != null && cfg.rollback() != null) {
                plans.add(new RollbackPlan(n, cfg.rollback().command() != null ? "command" : "webhook", "", false));
            }
        }
        return new Snapshot(at, components, deps, uptimes, soaks, slis, List.of(), List.of(), h.evidence(at),
                List.of(), plans, List.of(), monitoring);
    }
}
