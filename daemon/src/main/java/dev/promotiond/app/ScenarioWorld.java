package dev.promotiond.app;

import dev.promotiond.app.Scenario.Event;
import dev.promotiond.app.Scenario.Outcome;
import dev.promotiond.app.Scenario.Part;
import dev.promotiond.app.Scenario.ProbeRun;
import dev.promotiond.app.Scenario.Where;
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
import dev.promotiond.facts.Hold;
import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.SourceStatus;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.SqliteStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scenario's simulated daemon: the real store, ledger, stage book, evidence book and evaluation
 * cycle, wired as {@link Daemon} wires them, but fed by the timeline instead of probes, Prometheus
 * and the API, and timed by a clock only {@link #advanceTo} moves. No threads, no HTTP, no sleeping.
 */
final class ScenarioWorld implements AutoCloseable {
    static final String PROMETHEUS = "prometheus";
    /** The store commits queued probe writes at least this often (the daemon does every second). */
    private static final int FLUSH_EVERY = 50_000;

    private final Scenario scenario;
    private final ManualClock clock;
    private final SqliteStore store;
    private final Ledger ledger;
    private final EvidenceStore evidenceStore;
    private final EvidenceBook evidence;
    private final StageBook stages;
    private final EvaluationCycle cycle;
    private final List<ComponentConfig> configs = new ArrayList<>();
    private final Map<String, Probing> probing = new LinkedHashMap<>();
    private final Map<String, Map<String, Sli>> slis = new LinkedHashMap<>();
    private final List<Hold> holds = new ArrayList<>();
    private final boolean prometheusConfigured;
    private boolean prometheusUp = true;
    private int nextEvent;
    private int unflushed;

    /** Thrown when the scenario asks for something the daemon would refuse (e.g. a bad deployment record). */
    static final class Refused extends RuntimeException {
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
        this.store = SqliteStore.open(storeFile);
        this.ledger = new Ledger(store);
        this.evidenceStore = new EvidenceStore(store);
        this.evidence = new EvidenceBook(evidenceStore, clock);
        this.stages = new StageBook(configs, evidenceStore, clock);
        try { // as Daemon.open(), on an empty store
            ledger.load(clock.instant());
            evidence.load();
            stages.load();
            stageRecords();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.cycle = new EvaluationCycle(clock, ledger, () -> configs, () -> engine, this::slis, this::sources,
                () -> List.copyOf(holds)).withEvidence(evidence::current, this::stageRecords)
                .withAlertmanagers(scenario.alertmanagers());
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

    private List<Sli> slis() {
        List<Sli> out = new ArrayList<>();
        slis.forEach((component, own) -> own.values().forEach(s -> out.add(prometheusUp ? s : Sli.unknown(component,
                s.name(), PROMETHEUS, s.query(), "Prometheus unreachable (source down in the scenario)"))));
        return out;
    }

    private List<SourceStatus> sources() {
        return prometheusConfigured ? List.of(new SourceStatus(PROMETHEUS, prometheusUp,
                prometheusUp ? null : "Prometheus did not answer (source down in the scenario)")) : List.of();
    }

    /** Applies every event and probe up to and including {@code at}; events come before probes of the same instant. */
    void advanceTo(Instant at) {
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

    /** Runs one evaluation cycle at the current instant. */
    Evaluation evaluate() {
        store.flush();
        return cycle.run();
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
                    u.tool() == null ? "scenario" : u.tool(), u.at(), "", u.values()), List.of());
            evidence.load();
        } else if (event instanceof Scenario.Deployment d) {
            deploy(d);
        } else if (event instanceof Scenario.HoldPlaced h) {
            holds.add(new Hold(h.component(), h.version(), h.at(), h.reason()));
        } else if (event instanceof Scenario.HoldCleared h) {
            holds.removeIf(x -> x.component().equals(h.component()));
        }
    }

    /** What {@link Daemon#deploy} does: record, follow the stage, start the soak at the record's time. */
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
                    ledger.record(new Observation(p.name, p.next, o == Outcome.UP, o == Outcome.UP ? "ok" : "status 503",
                            p.version, Duration.ZERO));
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
