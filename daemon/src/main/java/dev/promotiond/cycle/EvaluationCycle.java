package dev.promotiond.cycle;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Dependency;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Rollback;
import dev.promotiond.facts.RollbackPlan;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.facts.Hold;
import dev.promotiond.facts.Monitoring;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SourceStatus;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import dev.promotiond.facts.Verdicts;
import dev.promotiond.promql.PrometheusUptime;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.LedgerView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * snapshot → rules → publish. {@link #run()} reads the clock once; everything it publishes is as
 * of that instant. Not thread-safe: the daemon runs cycles on one thread.
 */
public final class EvaluationCycle {
    /** The target stages every component is judged against. */
    public static final List<Stage> TARGETS = List.of(Stage.STAGING, Stage.PRODUCTION);

    private final Clock clock;
    private final Ledger ledger;
    private final Supplier<List<ComponentConfig>> components;
    private final Supplier<RuleEngine> engine;
    private final Supplier<List<Sli>> slis;
    private final Supplier<List<SourceStatus>> sources;
    private final Supplier<List<Hold>> holds;
    private final AtomicReference<Evaluation> published = new AtomicReference<>();
    private Supplier<List<Evidence>> evidence = List::of;
    private Supplier<Map<String, StageRecord>> stageRecords = Map::of;
    private Function<Instant, List<Rollback>> rollbacks = at -> List.of();
    private int alertmanagers;

    public EvaluationCycle(Clock clock, Ledger ledger, Supplier<List<ComponentConfig>> components,
                           Supplier<RuleEngine> engine) {
        this(clock, ledger, components, engine, List::of);
    }

    /**
     * @param slis the latest SLIs from every source (read once per cycle; never queried here)
     */
    public EvaluationCycle(Clock clock, Ledger ledger, Supplier<List<ComponentConfig>> components,
                           Supplier<RuleEngine> engine, Supplier<List<Sli>> slis) {
        this(clock, ledger, components, engine, slis, List::of, List::of);
    }

    /**
     * @param sources each data source's health this cycle
     * @param holds   versions held after a rollback
     */
    public EvaluationCycle(Clock clock, Ledger ledger, Supplier<List<ComponentConfig>> components,
                           Supplier<RuleEngine> engine, Supplier<List<Sli>> slis, Supplier<List<SourceStatus>> sources,
                           Supplier<List<Hold>> holds) {
        this.slis = Objects.requireNonNull(slis, "slis");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.holds = Objects.requireNonNull(holds, "holds");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.components = Objects.requireNonNull(components, "components");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Adds CI evidence and stage records to the cycle's inputs (before the first {@link #run()}).
     *
     * @param evidence     the newest evidence of each (component, version, kind)
     * @param stageRecords declared and recorded stage of each component
     */
    public EvaluationCycle withEvidence(Supplier<List<Evidence>> evidence,
                                        Supplier<Map<String, StageRecord>> stageRecords) {
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.stageRecords = Objects.requireNonNull(stageRecords, "stageRecords");
        return this;
    }

    /**
     * Adds the rollbacks already claimed to the cycle's inputs (before the first {@link #run()}),
     * so the rules can cap automatic rollbacks per component.
     *
     * @param rollbacks every claimed rollback, with its age at the cycle's instant
     */
    public EvaluationCycle withRollbacks(Function<Instant, List<Rollback>> rollbacks) {
        this.rollbacks = Objects.requireNonNull(rollbacks, "rollbacks");
        return this;
    }

    /** When the judged version was first seen running: its soak's start, else its deployment record's time. */
    private static Instant runningSince(String version, LedgerView view, StageRecord record) {
        if (version == null) {
            return null;
        }
        if (view != null && view.soak() != null && version.equals(view.soak().version())) {
            return view.soak().startedAt();
        }
        if (record != null && version.equals(record.recordedVersion())) {
            return record.recordedAt();
        }
        return null;
    }

    /**
     * How many Alertmanagers the daemon pages (0 by default: no alert route), told to the rules in
     * each component's {@link Monitoring} fact (before the first {@link #run()}).
     */
    public EvaluationCycle withAlertmanagers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("alertmanagers must be >= 0");
        }
        this.alertmanagers = count;
        return this;
    }

    /** The last published evaluation, or null before the first cycle completed. */
    public Evaluation last() {
        return published.get();
    }

    /** Runs one cycle and publishes its result; on an exception the previous result stays published. */
    public Evaluation run() {
        return publish(compute(engine.get()));
    }

    /** Publishes an evaluation {@link #compute} returned; the API and the metrics read it from now on. */
    public Evaluation publish(Evaluation evaluation) {
        published.set(Objects.requireNonNull(evaluation, "evaluation"));
        return evaluation;
    }

    /**
     * Runs one cycle with the given rules and returns its result without publishing it, so a caller
     * that gave up waiting can drop a late result.
     */
    public Evaluation compute(RuleEngine rules) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        List<ComponentConfig> configs = components.get();
        Map<String, StageRecord> records = stageRecords.get();
        Map<String, Stage> stages = new HashMap<>();
        configs.forEach(c -> {
            StageRecord r = records.get(c.name());
            stages.put(c.name(), r == null ? c.stage() : r.effective());
        });
        List<Evidence> evidenceFacts = evidence.get();
        List<RollbackPlan> plans = new ArrayList<>();

        List<Sli> read = slis.get();
        Map<String, Map<String, Sli>> sliIndex = new HashMap<>();
        read.forEach(x -> sliIndex.computeIfAbsent(x.component(), k -> new HashMap<>()).put(x.name(), x));
        Map<String, OwnData> ownData = new HashMap<>();

        Map<String, LedgerView> views = new HashMap<>();
        List<Component> facts = new ArrayList<>(configs.size());
        List<Dependency> deps = new ArrayList<>();
        List<Uptime> uptimes = new ArrayList<>(configs.size() * 3);
        List<Soak> soaks = new ArrayList<>(configs.size());
        List<Monitoring> monitoring = new ArrayList<>(configs.size());
        for (ComponentConfig c : configs) {
            LedgerView view = ledger.view(c.name(), now);
            views.put(c.name(), view);
            boolean probed = c.health() != null;
            long interval = probed ? c.health().interval().toSeconds() : 0;
            StageRecord record = records.get(c.name());
            String version = view == null ? null : view.version();
            if (version == null && record != null && record.recorded() != null) {
                version = record.recordedVersion();
            }
            String probeFailure = probed && view != null && view.lastProbeAt() != null && !view.lastProbeUp()
                    ? view.lastProbeReason() : null;
            facts.add(new Component(c.name(), c.group(), stages.get(c.name()), version, c.dependencies(), probed,
                    interval, probeFailure));
            ownData.put(c.name(), new OwnData(c, version, runningSince(version, view, record)));
            monitoring.add(new Monitoring(c.name(), probed,
                    c.metrics() != null && c.metrics().uptimeInterval() != null, alertmanagers));
            if (c.rollback() != null) {
                plans.add(new RollbackPlan(c.name(), c.rollback().command() != null ? "command" : "webhook",
                        c.rollback().command() != null ? String.join(" ", c.rollback().command())
                                : c.rollback().webhook().toString(), c.rollback().dryRun()));
            }
            for (String d : c.dependencies()) {
                deps.add(new Dependency(c.name(), d, stages.get(d)));
            }
            if (c.health() == null && c.metrics() != null && c.metrics().uptimeInterval() != null) {
                uptimes.addAll(PrometheusUptime.windows(c, sliIndex.getOrDefault(c.name(), Map.of()), ledger.windows()));
            } else if (view != null) {
                uptimes.addAll(view.uptimes());
            }
            if (view != null) {
                if (view.soak() != null) {
                    soaks.add(view.soak());
                }
            }
        }
        List<Sli> sliFacts = new ArrayList<>(read.size());
        for (Sli s : read) {
            OwnData own = ownData.get(s.component());
            sliFacts.add(own == null ? s : own.judge(s));
        }
        evidenceFacts = JudgedEvidence.forRules(facts, evidenceFacts);
        Verdicts verdicts = rules.evaluate(new Snapshot(now, facts, deps, uptimes, soaks, sliFacts,
                sources.get(), holds.get(), evidenceFacts, List.copyOf(records.values()), plans, rollbacks.apply(now),
                monitoring));
        Map<String, Component> factByName = new HashMap<>();
        facts.forEach(f -> factByName.put(f.name(), f));
        Map<String, List<Evidence>> evidenceByComponent = new HashMap<>();
        evidenceFacts.forEach(e -> evidenceByComponent.computeIfAbsent(e.component(), k -> new ArrayList<>()).add(e));

        Map<String, Map<Stage, List<CriterionResult>>> grouped = new HashMap<>();
        for (CriterionResult r : verdicts.criteria()) {
            grouped.computeIfAbsent(r.component(), k -> new EnumMap<>(Stage.class))
                    .computeIfAbsent(r.target(), k -> new ArrayList<>()).add(r);
        }
        Map<String, SoakVerdict> soakVerdicts = new HashMap<>();
        verdicts.soaks().forEach(v -> soakVerdicts.put(v.component(), v));
        Map<String, List<Sli>> sliByComponent = new HashMap<>();
        sliFacts.forEach(s -> sliByComponent.computeIfAbsent(s.component(), k -> new ArrayList<>()).add(s));
        Map<String, List<Breach>> breaches = new HashMap<>();
        verdicts.breaches().forEach(b -> breaches.computeIfAbsent(b.component(), k -> new ArrayList<>()).add(b));

        List<ComponentStatus> statuses = new ArrayList<>(configs.size());
        for (ComponentConfig c : configs) {
            Map<Stage, List<CriterionResult>> byTarget = grouped.getOrDefault(c.name(), Map.of());
            Map<Stage, TargetStatus> targets = new EnumMap<>(Stage.class);
            for (Stage t : TARGETS) {
                List<CriterionResult> criteria = new ArrayList<>(byTarget.getOrDefault(t, List.of()));
                criteria.sort(Comparator.comparing(CriterionResult::name));
                targets.put(t, new TargetStatus(t, Readiness.of(stages.get(c.name()), t, criteria), criteria));
            }
            List<Sli> own = new ArrayList<>(sliByComponent.getOrDefault(c.name(), List.of()));
            own.sort(Comparator.comparing(Sli::name));
            List<Evidence> ev = JudgedEvidence.shown(factByName.get(c.name()),
                    evidenceByComponent.getOrDefault(c.name(), List.of()));
            statuses.add(new ComponentStatus(c, views.get(c.name()), soakVerdicts.get(c.name()), targets, own,
                    breaches.getOrDefault(c.name(), List.of()), factByName.get(c.name()), records.get(c.name()), ev));
        }
        Evaluation evaluation = new Evaluation(now, Duration.ofNanos(System.nanoTime() - started), statuses,
                verdicts.actions(), verdicts.dataMissing());
        return evaluation;
    }
}
