package dev.promotiond.engine;

import dev.promotiond.facts.ActionRequest;
import dev.promotiond.facts.AlertDataMissing;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Verdicts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits a snapshot into snapshots of at most {@code size} components each, and merges their
 * verdicts back. The default rules judge one component at a time: a rule joins the facts of one
 * component name (its dependencies' stages arrive as {@code Dependency} facts of the dependent),
 * plus facts without a component ({@code SourceStatus}) and the policy facts each session's rules
 * insert. So each partition holds its components' own facts, and every partition holds all the
 * facts without a component.
 *
 * <p>Routing: a fact goes to the partition of the component it names; a fact naming no component
 * of the snapshot goes to the first partition, so it is seen exactly once, as in one session.
 * Merging keeps every result of every partition, in partition order, except a result naming no
 * component of the snapshot (a data source warning, component ""): every partition derives it
 * from the same global facts, so only the first partition's copy is kept.
 */
final class Partitions {
    private final List<Snapshot> parts;
    private final Map<String, Integer> owner;

    private Partitions(List<Snapshot> parts, Map<String, Integer> owner) {
        this.parts = parts;
        this.owner = owner;
    }

    /** The snapshot's components in order, cut every {@code size} distinct names. */
    static Partitions split(Snapshot s, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("partition size must be >= 1, was " + size);
        }
        Map<String, Integer> owner = new HashMap<>();
        List<List<Component>> components = new ArrayList<>();
        for (Component c : s.components()) {
            Integer p = owner.get(c.name());
            if (p == null) {
                if (components.isEmpty() || components.get(components.size() - 1).size() >= size) {
                    components.add(new ArrayList<>(Math.min(size, s.components().size())));
                }
                p = components.size() - 1;
                owner.put(c.name(), p);
            }
            components.get(p).add(c);
        }
        int n = Math.max(1, components.size());
        if (n == 1) {
            return new Partitions(List.of(s), owner);
        }
        Router r = new Router(owner, n);
        var deps = r.route(s.dependencies(), d -> d.component());
        var uptimes = r.route(s.uptimes(), u -> u.component());
        var soaks = r.route(s.soaks(), x -> x.component());
        var slis = r.route(s.slis(), x -> x.component());
        var holds = r.route(s.holds(), x -> x.component());
        var evidence = r.route(s.evidence(), x -> x.component());
        var records = r.route(s.stageRecords(), x -> x.component());
        var plans = r.route(s.rollbackPlans(), x -> x.component());
        var rollbacks = r.route(s.rollbacks(), x -> x.component());
        var monitoring = r.route(s.monitoring(), x -> x.component());
        List<Snapshot> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parts.add(new Snapshot(s.at(), components.get(i), deps.get(i), uptimes.get(i), soaks.get(i), slis.get(i),
                    s.sources(), holds.get(i), evidence.get(i), records.get(i), plans.get(i), rollbacks.get(i),
                    monitoring.get(i)));
        }
        return new Partitions(List.copyOf(parts), owner);
    }

    List<Snapshot> parts() {
        return parts;
    }

    /** Every partition's verdicts, in partition order; {@code verdicts.get(i)} is partition i's. */
    Verdicts merge(List<Verdicts> verdicts) {
        if (verdicts.size() != parts.size()) {
            throw new IllegalArgumentException(verdicts.size() + " verdicts for " + parts.size() + " partitions");
        }
        if (verdicts.size() == 1) {
            return verdicts.get(0);
        }
        List<CriterionResult> criteria = new ArrayList<>();
        List<SoakVerdict> soaks = new ArrayList<>();
        List<Breach> breaches = new ArrayList<>();
        List<ActionRequest> actions = new ArrayList<>();
        List<AlertDataMissing> missing = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            Verdicts v = verdicts.get(i);
            keep(i, v.criteria(), CriterionResult::component, criteria);
            keep(i, v.soaks(), SoakVerdict::component, soaks);
            keep(i, v.breaches(), Breach::component, breaches);
            keep(i, v.actions(), ActionRequest::component, actions);
            keep(i, v.dataMissing(), AlertDataMissing::component, missing);
        }
        return new Verdicts(criteria, soaks, breaches, actions, missing);
    }

    private <T> void keep(int partition, List<T> results, Function<T, String> component, List<T> into) {
        for (T r : results) {
            if (partition == 0 || owner.containsKey(component.apply(r))) {
                into.add(r);
            }
        }
    }

    /** Lists of facts, one per partition, by the component each fact names. */
    private record Router(Map<String, Integer> owner, int n) {
        <T> List<List<T>> route(List<T> facts, Function<T, String> component) {
            List<List<T>> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new ArrayList<>());
            }
            for (T f : facts) {
                Integer p = owner.get(component.apply(f));
                out.get(p == null ? 0 : p).add(f);
            }
            return out;
        }
    }
}
