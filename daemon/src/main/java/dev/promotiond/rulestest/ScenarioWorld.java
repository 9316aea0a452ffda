package dev.promotiond.rulestest;

import dev.promotiond.actions.ActionPipeline;
import dev.promotiond.actions.Alert;
import dev.promotiond.actions.RollbackExecutor;
import dev.promotiond.actions.RollbackRequest;
import dev.promotiond.actions.RollbackResult;
import dev.promotiond.actions.RollbackTarget;
import dev.promotiond.rulestest.Scenario.Event;
import dev.promotiond.rulestest.Scenario.Outcome;
import dev.promotiond.rulestest.Scenario.Part;
import dev.promotiond.rulestest.Scenario.ProbeRun;
import dev.promotiond.rulestest.Scenario.Where;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ActionsConfig;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.config.MetricsConfig;
import dev.promotiond.config.PromqlTemplate;
import dev.promotiond.config.SliQuery;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.evidence.EvidenceBook;
import dev.promotiond.evidence.StageBook;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.SourceStatus;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scenario's simulated daemon: the real store, ledger, stage book, evidence book and evaluation
 * cycle, wired as {@link dev.promotiond.app.Daemon} wires them, but fed by the timeline instead of probes, Prometheus
 * and the API, and timed by a clock only {@link #advanceTo} moves. No threads, no HTTP, no sleeping.
 *
 * <p>A scenario that acts also runs the daemon's loop: every evaluation interval one cycle, then the
 * real {@link ActionPipeline} (debounce, once per version, holds, alerts). Its rollbacks are carried
 * out by the world: from the next probe on, the component reports the version rolled back to, as a
 * deploy system that really switched versions would make it. A restart closes the store and builds
 * every part of the daemon anew from it.
 */
final class ScenarioWorld implements AutoCloseable {
    static final String PROMETHEUS = "prometheus";
    /** The store commits queued probe writes at least this often (the daemon does every second). */
    private static final int FLUSH_EVERY = 50_000;

    private final Scenario scenario;
    private final ManualClock clock;
    private final RuleEngine engine;
    private final Path storeFile;
    private final List<ComponentConfig> configs = new ArrayList<>();
    private final Map<String, Probing> probing = new LinkedHashMap<>();
    private java.util.function.Consumer<Observation> tap = o -> { };
    private final Map<String, Map<String, Sli>> slis = new LinkedHashMap<>();
    private final Map<String, List<String>> rolledBack = new HashMap<>();
    private final boolean prometheusConfigured;
    // The daemon's parts: rebuilt from the store at a restart.
    private Store store;
    private Ledger ledger;
    private EvidenceStore evidenceStore;
    private EvidenceBook evidence;
    private StageBook stages;
    private ActionStore actionStore;
    private EvaluationCycle cycle;
    private ActionPipeline pipeline;
    private Instant nextTick;
    private boolean prometheusUp = true;
    private int nextEvent;
    private int unflushed;

    /** Thrown when the scenario asks for something the daemon would refuse (e.g. a bad deployment record). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Where where;

        Refused(Where where, String message) {
            super(message);
            this.where = where;
        }
    }

    ScenarioWorld(Scenario scenario, RuleEngine engine, Path storeFile) {
        this.scenario = scenario;
        this.clock = new ManualClock(scenario.start());
        boolean withSources = scenario.events().stream().anyMatch(e -> e instanceof Scenario.SourceChange);
        for (Part p : scenario.components()) {
            configs.add(config(p));
            if (p.probeInterval() != null) {
                probing.put(p.name(), new Probing(p, scenario));
            }
            if (!p.slis().isEmpty()) {
                withSources = true;
                Map<String, Sli> own = new LinkedHashMap<>();
                p.slis().forEach(n -> own.put(n, Sli.unknown(p.name(), n, PROMETHEUS, null,
                        "no value given in the scenario yet")));
                slis.put(p.name(), own);
            }
        }
        this.prometheusConfigured = withSources;
        this.engine = engine;
        this.storeFile = storeFile;
        this.nextTick = scenario.start();
        open();
    }

    /** As {@link dev.promotiond.app.Daemon} opens: the store, then everything read back from it. */
    private void open() {
        store = Store.open(storeFile);
        ledger = new Ledger(store);
        if (engine instanceof dev.promotiond.engine.DroolsRuleEngine d && d.policy() != null) {
            ledger.windows(d.policy().windows(), clock.instant());  // the windows the scenario's policy asks for
        }
        evidenceStore = new EvidenceStore(store);
        evidence = new EvidenceBook(evidenceStore, clock);
        stages = new StageBook(configs, evidenceStore, clock);
        actionStore = new ActionStore(store);
        try {
            ledger.load(clock.instant());
            evidence.load();
            stages.load();
            stageRecords();
            cycle = new EvaluationCycle(clock, ledger, () -> configs, () -> engine, this::slis, this::sources,
                    actionStore::holds).withEvidence(evidence::current, this::stageRecords)
                    .withRollbacks(actionStore::rollbacks).withAlertmanagers(scenario.alertmanagers());
            if (scenario.acting() != null) {
                Map<String, RollbackExecutor> executors = new HashMap<>();
                Set<String> dryRun = new HashSet<>();
                for (ComponentConfig c : configs) {
                    if (c.rollback() != null) {
                        executors.put(c.name(), new SwitchingRollback());
                        if (c.rollback().dryRun()) {
                            dryRun.add(c.name());
                        }
                    }
                }
                pipeline = new ActionPipeline(ActionsConfig.NONE, executors, dryRun, actionStore, null, r -> { });
                Map<String, String> groups = new HashMap<>();
                configs.forEach(c -> groups.put(c.name(), c.group()));
                pipeline.groups(groups::get);
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** A restart between two cycles: what was committed survives, nothing kept in memory does. */
    private void restart() {
        store.close();
        open();
    }

    private static ComponentConfig config(Part p) {
        HealthCheck health = null;
        if (p.probeInterval() != null) {
            Duration timeout = p.probeInterval().compareTo(HealthCheck.DEFAULT_TIMEOUT) < 0 ? p.probeInterval()
                    : HealthCheck.DEFAULT_TIMEOUT;
            health = new HealthCheck(URI.create("http://" + p.name() + ".scenario.invalid/health"), p.probeInterval(),
                    timeout, null, HealthCheck.DEFAULT_HEALTHY, "/version", Set.of(), HealthCheck.DEFAULT_MAX_BODY_BYTES);
        }
        MetricsConfig metrics = null;
        if (!p.slis().isEmpty()) {
            List<SliQuery> queries = new ArrayList<>();
            p.slis().forEach(n -> queries.add(new SliQuery(p.name(), n,
                    PromqlTemplate.BUILT_INS.getOrDefault(n, "(set by the scenario)"))));
            metrics = new MetricsConfig(Map.of("job", p.name()), queries);
        }
        return new ComponentConfig(p.name(), p.group(), p.stage(), p.dependencies(), health, metrics, p.rollback());
    }

    /** As the daemon does each cycle: the ledger follows each component's effective stage. */
    private Map<String, StageRecord> stageRecords() {
        Map<String, StageRecord> records = stages.records();
        for (ComponentConfig c : configs) {
            ledger.declare(c.name(), records.get(c.name()).effective(),
                    c.health() == null ? 0 : c.health().interval().toSeconds(), clock.instant());
        }
        return records;
    }

    /**
     * What the simulated Prometheus answers now: a value stays until changed, and like a real query
     * each answer is sampled at the cycle's instant (the cycle judges a version's SLIs by that time).
     */
    private List<Sli> slis() {
        List<Sli> out = new ArrayList<>();
        Instant now = clock.instant();
        slis.forEach((component, own) -> own.values().forEach(s -> out.add(!prometheusUp ? Sli.unknown(component,
                s.name(), PROMETHEUS, s.query(), "Prometheus unreachable (source down in the scenario)")
                : s.known() ? Sli.known(component, s.name(), s.value(), now, PROMETHEUS, s.query()) : s)));
        return out;
    }

    private List<SourceStatus> sources() {
        return prometheusConfigured ? List.of(new SourceStatus(PROMETHEUS, prometheusUp,
                prometheusUp ? null : "Prometheus did not answer (source down in the scenario)")) : List.of();
    }

    /**
     * Moves to {@code at}. A scenario that acts runs the daemon's loop at every evaluation tick before
     * {@code at}; {@link #evaluate} then runs the cycle at {@code at} itself.
     */
    void advanceTo(Instant at) {
        while (scenario.acting() != null && nextTick.isBefore(at)) {
            applyUntil(nextTick);
            act(evaluate0());
            nextTick = nextTick.plus(scenario.acting());
        }
        applyUntil(at);
    }

    /** Applies every event and probe up to and including {@code at}; events come before probes of the same instant. */
    private void applyUntil(Instant at) {
        List<Event> events = scenario.events();
        while (nextEvent < events.size() && !events.get(nextEvent).at().isAfter(at)) {
            Event e = events.get(nextEvent++);
            probeUntil(e.at(), false);
            clock.set(e.at());
            apply(e);
        }
        probeUntil(at, true);
        clock.set(at);
    }

    /** For tests: sees every probe outcome the world records, in order. */
    void tap(java.util.function.Consumer<Observation> observer) {
        this.tap = java.util.Objects.requireNonNull(observer, "observer");
    }

    /** For tests: the ledger's view of {@code component} now. */
    dev.promotiond.store.LedgerView ledgerView(String component) {
        return ledger.view(component, clock.instant());
    }

    /** Runs one evaluation cycle at the current instant and, in a scenario that acts, carries it out. */
    Evaluation evaluate() {
        Evaluation e = evaluate0();
        if (scenario.acting() != null) {
            act(e);
            if (nextTick.equals(clock.instant())) {
                nextTick = nextTick.plus(scenario.acting());
            }
        }
        return e;
    }

    private Evaluation evaluate0() {
        store.flush();
        return cycle.run();
    }

    /** What {@code Daemon.act} does after each cycle, with the version to roll back to found as it finds it. */
    private void act(Evaluation e) {
        pipeline.run(e.evaluatedAt(), e.actions(), e.dataMissing(), (component, version) -> {
            Set<String> held = new HashSet<>();
            actionStore.holds().stream().filter(h -> h.component().equals(component)).forEach(h -> held.add(h.version()));
            return RollbackTarget.previousVersion(store.history(component), version, held);
        }, c -> "http://scenario.invalid/api/v1/components/" + c + "/readiness?target=production");
    }

    /** Rollbacks carried out so far for a component, in order: {@code 15.6 → 15.5}. */
    List<String> rollbacks(String component) {
        return List.copyOf(rolledBack.getOrDefault(component, List.of()));
    }

    /** The alerts firing now about a component, each with its startsAt; empty when the scenario does not act. */
    List<Alert> firing(String component) {
        return pipeline == null ? List.of() : pipeline.firing().stream()
                .filter(a -> component.equals(a.labels().get("component"))).toList();
    }

    private void apply(Event event) {
        if (event instanceof Scenario.VersionChange v) {
            probing.get(v.component()).version = v.version();
        } else if (event instanceof Scenario.SliChange s) {
            slis.get(s.component()).put(s.sli(), s.value() == null
                    ? Sli.unknown(s.component(), s.sli(), PROMETHEUS, null, "unknown in the scenario")
                    : Sli.known(s.component(), s.sli(), s.value(), s.at(), PROMETHEUS, null));
        } else if (event instanceof Scenario.SourceChange s) {
            prometheusUp = s.up();
        } else if (event instanceof Scenario.EvidenceUpload u) {
            evidenceStore.save(new Evidence(u.component(), u.version(), u.commit(), u.kind(),
                    u.tool() == null ? "scenario" : u.tool(), u.at(), "", u.values(), u.notes()), List.of());
            evidence.load();
        } else if (event instanceof Scenario.Deployment d) {
            deploy(d);
        } else if (event instanceof Scenario.HoldPlaced h) {
            actionStore.hold(h.component(), h.version(), h.at(), h.reason());
        } else if (event instanceof Scenario.RollbackDone r) { // as the pipeline records one it carried out
            actionStore.claimRollback(r.component(), r.version(), r.at());
            actionStore.finishRollback(r.component(), r.version(), "success");
            actionStore.hold(r.component(), r.version(), r.at(), r.reason());
        } else if (event instanceof Scenario.HoldCleared h) {
            actionStore.clearHolds(h.component());
        } else if (event instanceof Scenario.Restart) {
            restart();
        }
    }

    /** What {@code Daemon.deploy} does: record, follow the stage, start the soak at the record's time. */
    private void deploy(Scenario.Deployment d) {
        HistoryEvent e;
        try {
            e = stages.deploy(d.component(), d.stage(), d.version(), d.type(), d.at());
        } catch (IllegalArgumentException ex) {
            throw new Refused(d.where(), "deployment refused: " + ex.getMessage());
        }
        stageRecords();
        ledger.startSoakAt(d.component(), e.stage(), e.version(), e.at(), clock.instant());
    }

    /** Records every probe before {@code limit} (or at it, when {@code inclusive}), component by component. */
    private void probeUntil(Instant limit, boolean inclusive) {
        for (Probing p : probing.values()) {
            while (p.next != null && (p.next.isBefore(limit) || inclusive && p.next.equals(limit))) {
                Outcome o = p.outcomeAt(p.next);
                if (o == null) {
                    p.next = p.firstAfterGap(p.next);
                    continue;
                }
                if (o != Outcome.NONE) {
                    Observation observation = new Observation(p.name, p.next, o == Outcome.UP,
                            o == Outcome.UP ? "ok" : "status 503", p.version, Duration.ZERO);
                    ledger.record(observation);
                    tap.accept(observation);
                    if (++unflushed >= FLUSH_EVERY) {
                        store.flush();
                        unflushed = 0;
                    }
                }
                p.next = p.next.plus(p.interval);
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }

    /**
     * Carries out a rollback as a deploy system would: the component runs the previous version from
     * the next probe on. Without a previous version there is nothing to switch to, and it says so.
     */
    private final class SwitchingRollback implements RollbackExecutor {
        @Override
        public RollbackResult execute(RollbackRequest r) {
            rolledBack.computeIfAbsent(r.component(), k -> new ArrayList<>())
                    .add(ScenarioReader.rollback(r.version(), r.previousVersion()));
            Probing p = probing.get(r.component());
            if (r.previousVersion() == null) {
                return new RollbackResult(false, "failed", 1, null, "", Duration.ZERO, "no previous version to roll back to");
            }
            if (p != null) {
                p.version = r.previousVersion();
            }
            return new RollbackResult(true, "success", 0, null, "", Duration.ZERO, null);
        }

        @Override
        public String describe() {
            return "scenario rollback";
        }
    }

    /** One probed component: its probe grid (start + k × interval), its runs and the version it reports. */
    private static final class Probing {
        final String name;
        final Duration interval;
        final Instant start;
        final List<ProbeRun> runs = new ArrayList<>(); // latest-written first: it wins where runs overlap
        String version;
        Instant next;

        Probing(Part p, Scenario s) {
            this.name = p.name();
            this.interval = p.probeInterval();
            this.start = s.start();
            this.version = p.version();
            for (ProbeRun r : s.probes()) {
                if (r.component().equals(name)) {
                    runs.add(0, r);
                }
            }
            this.next = runs.isEmpty() ? null : start;
        }

        /** The outcome of the run covering {@code t}, or null when none does. */
        Outcome outcomeAt(Instant t) {
            for (ProbeRun r : runs) {
                if (!t.isBefore(r.from()) && t.isBefore(r.to())) {
                    return r.outcome();
                }
            }
            return null;
        }

        /** The first grid instant at or after the next run that starts after {@code t}; null when none does. */
        Instant firstAfterGap(Instant t) {
            Instant from = null;
            for (ProbeRun r : runs) {
                if (r.from().isAfter(t) && (from == null || r.from().isBefore(from))) {
                    from = r.from();
                }
            }
            if (from == null) {
                return null;
            }
            long step = interval.toMillis();
            long k = Math.floorDiv(Duration.between(start, from).toMillis() + step - 1, step);
            return start.plusMillis(k * step);
        }
    }
}
