package dev.promotiond.app;

import dev.promotiond.cluster.Replica;
import dev.promotiond.cluster.PublishedDecisions;
import dev.promotiond.cluster.ShardedProbing;
import dev.promotiond.actions.RollbackTarget;
import dev.promotiond.api.Ready;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.engine.RuleProblem;
import dev.promotiond.engine.RulesException;
import dev.promotiond.engine.RulesFolder;
import dev.promotiond.evidence.EvidenceIntake;
import dev.promotiond.export.Metrics;
import dev.promotiond.facts.Sli;
import dev.promotiond.probe.HealthProbe;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeReasons;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.reload.RulesReloader;
import dev.promotiond.reload.RulesWatcher;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Coordination;
import dev.promotiond.store.Database;
import dev.promotiond.store.Decisions;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.LedgerView;
import dev.promotiond.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from the config by hand, starts them in order
 * (store → ledger → HTTP → probes → store timers; then, once the rules are compiled, first
 * evaluation → evaluation timer → rules watcher) and stops them in reverse. Construction starts no
 * threads; {@link #start()} does. Each periodic task has its own thread or shares one only with tasks
 * that never wait on rules, and catches every Throwable, so bad rules can stall neither the store's
 * writes nor the API.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    static final Duration FLUSH_EVERY = Duration.ofSeconds(1);
    static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /**
     * The least time one evaluation cycle may take: a cycle gets max(this, evaluation_interval).
     * Usual cycles take 50–300 ms, so this is well over 10× a usual one; the floor keeps a cold
     * first cycle on a busy machine from being abandoned.
     */
    static final Duration MIN_EVALUATION_BUDGET = Duration.ofSeconds(5);
    /** /readyz says stale when the last successful evaluation is older than this many intervals. */
    static final int STALE_AFTER_CYCLES = 3;
    /** How often the listener's certificate and key files are read for a change. */
    static final Duration TLS_POLL = Duration.ofSeconds(5);

    private final DaemonConfig config;
    private final Clock clock;
    private final HealthProbe probe;
    private final AtomicReference<RuleEngine> engine;
    /** The start-up rules: compiled by start() unless they were handed in compiled. */
    private final StartupRules startup;
    private final PolicyWindows windows;
    private final String version;
    /** The rules folder: the config's, or a temporary copy of the bundled rules; null before start or open. */
    private RulesFolder rulesFolder;
    private volatile boolean closing;
    private Supplier<List<Sli>> otherSlis;
    private Duration rulesDebounce = RulesWatcher.DEBOUNCE;
    private Duration tlsPoll = TLS_POLL;

    // built by open()
    private Store store;
    private Database database;
    private Coordination coordination;
    private Replica replica;
    private Decisions decisions;
    private volatile Ledger ledger;
    private EvidenceIntake intake;
    private volatile Sources sources;
    private ActionStore actionStore;
    private RollbackTarget rollbackTarget;
    private Metrics metrics;
    private RulesReloader rules;
    private ReloadWiring reload;
    private LeaderActions actions;
    private volatile Evaluations evaluations;
    private Observations observations;
    private StoreUpkeep upkeep;
    private Lease lease;

    // started by start()
    private volatile Listener listener;
    private ScheduledExecutorService probeTimer;
    private ScheduledExecutorService worker;
    /** What this replica probes: its share of the components among the live replicas; null before start. */
    private volatile ShardedProbing probes;

    /** With rules already compiled: {@link #start()} returns after the first evaluation (tests, replays). */
    public Daemon(DaemonConfig config, Clock clock, HealthProbe probe, RuleEngine rules, String version) {
        this(config, clock, probe, new AtomicReference<>(java.util.Objects.requireNonNull(rules, "rules")), null,
                version);
    }

    /**
     * With rules still to compile: {@link #start()} opens the port and starts probing, then returns
     * while {@code compile} runs on the evaluation thread; the first evaluation follows as soon as it
     * returns. Until then readiness is unknown, "starting: rules are compiling". When it throws, the
     * daemon keeps serving unknown and {@link #started()} completes with the exception: the caller
     * decides to stop ({@code promotiond run} exits 2 with the compiler's file:line messages).
     */
    public Daemon(DaemonConfig config, Clock clock, HealthProbe probe, Callable<? extends RuleEngine> compile,
                  String version) {
        this(config, clock, probe, new AtomicReference<>(), dir -> compile.call(), version);
        java.util.Objects.requireNonNull(compile, "compile");
    }

    /**
     * As with a compile of its own, compiling the rules folder of the config; a config that names no
     * folder gets the bundled default rules (a temporary copy, deleted by {@link #close()}).
     */
    public Daemon(DaemonConfig config, Clock clock, HealthProbe probe, String version) {
        this(config, clock, probe, new AtomicReference<>(), DroolsRuleEngine::compile, version);
    }

    /**
     * As {@link #Daemon(DaemonConfig, Clock, HealthProbe, String)}, probing the components over HTTP
     * with at most {@code concurrency} probes in flight.
     */
    public static Daemon probingOverHttp(DaemonConfig config, Clock clock, int concurrency, String version) {
        return new Daemon(config, clock, new HttpHealthProbe(clock, concurrency), version);
    }

    /**
     * As {@link #Daemon(DaemonConfig, Clock, HealthProbe, Callable, String)}, probing the components
     * over HTTP with at most {@code concurrency} probes in flight.
     */
    public static Daemon probingOverHttp(DaemonConfig config, Clock clock, int concurrency,
                                         Callable<? extends RuleEngine> compile, String version) {
        return new Daemon(config, clock, new HttpHealthProbe(clock, concurrency), compile, version);
    }

    private Daemon(DaemonConfig config, Clock clock, HealthProbe probe, AtomicReference<RuleEngine> engine,
                   StartupRules.Compiler compile, String version) {
        this.config = config;
        this.clock = clock;
        this.probe = probe;
        this.engine = engine;
        this.startup = new StartupRules(compile);
        this.windows = new PolicyWindows(config, clock);
        this.version = version;
        if (engine.get() instanceof DroolsRuleEngine given) {  // compiled by the caller: take its windows now
            List<RuleProblem> refused = windows.apply(given);
            if (!refused.isEmpty()) {
                throw new IllegalArgumentException(new RulesException(refused).getMessage());
            }
        }
    }

    /**
     * SLIs from a source other than Prometheus, used only when the config names no Prometheus (the
     * demo's synthetic traffic). Call before {@link #start()}.
     */
    public Daemon withSlis(Supplier<List<Sli>> slis) {
        this.otherSlis = java.util.Objects.requireNonNull(slis, "slis");
        return this;
    }

    /** Opens the store and rebuilds the ledger; no threads, no port. Used by {@link #start()} and by tests. */
    public void open() {
        rulesFolder();
        database = StoreTarget.database(config);
        store = Store.open(database);
        if (store.migration() != null) {
            LOG.info("store {}: {}", database, store.migration());
        }
        coordination = new Coordination(database);
        replica = new Replica(coordination, Replica.newId(), version, StoreTarget.lease(config), System::nanoTime,
                !database.isPostgres());
        decisions = new Decisions(database);
        long reloadsSeen = decisions.reloadRequests(); // requests before this start are in the rules it compiles
        PublishedDecisions published = new PublishedDecisions(decisions, config.components());
        ledger = new Ledger(store, config.retention());
        windows.ledger(ledger);
        Instant now = clock.instant();
        ledger.load(now);
        EvidenceStore evidenceStore = new EvidenceStore(store);
        intake = new EvidenceIntake(config.components(), clock, ledger, evidenceStore, config.evidenceVersions());
        intake.stageRecords();
        store.flush();
        sources = new Sources(config, clock, ledger, otherSlis, this::soakLength);
        windows.sources(sources);
        actionStore = new ActionStore(store, () -> lease.fence());
        rollbackTarget = new RollbackTarget(clock, ledger, store, actionStore);
        EvaluationCycle cycle = new EvaluationCycle(clock, ledger, config::components, engine::get, sources.slis(),
                sources::statuses, actionStore::holds)
                .withEvidence(intake::evidence, intake::stageRecords).withRollbacks(actionStore::rollbacks)
                .withAlertmanagers(config.actions().alertmanagers().size());
        // only the leader exports the fleet's readiness gauges, so Prometheus scraping every replica counts each once
        metrics = new Metrics(() -> replica.leads() ? served() : null, version, ProbeReasons::family);
        Duration interval = config.evaluationInterval();
        EvaluationRunner runner = new EvaluationRunner(cycle, engine::get, clock, metrics,
                interval.compareTo(MIN_EVALUATION_BUDGET) > 0 ? interval : MIN_EVALUATION_BUDGET,
                interval.multipliedBy(STALE_AFTER_CYCLES));
        rules = new RulesReloader(rulesFolder.dir(), rulesFolder.isBundled(), engine, clock, metrics);
        reload = new ReloadWiring(rules, decisions, reloadsSeen, replica, clock, metrics);
        actions = new LeaderActions(config, clock, actionStore, rollbackTarget, decisions, metrics, () -> lease.fence(),
                () -> listener == null ? config.listenPort() : listener.port(), interval.multipliedBy(STALE_AFTER_CYCLES));
        evaluations = new Evaluations(cycle, runner, replica, published, intake, reload, actions, metrics, () -> probes);
        observations = new Observations(ledger, metrics);
        upkeep = new StoreUpkeep(store, evidenceStore, config, clock, metrics);
        lease = new Lease(replica, clock, ledger, intake, actions, published, evaluations, () -> probes, () -> closing);
        lease.open(now);
        metrics.registerReplica(replica::leads, () -> replica.members().size(),
                () -> {
                    ShardedProbing p = probes;
                    return p == null ? 0 : p.probing().size();
                }, replica::leaseAgeSeconds);
        metrics.registerStoreBuffer(store::pendingWrites, store::droppedProbes);
        sources.register(metrics);
    }

    /** The current soak's length, for PromQL templates' {{soak}}; null before any soak. */
    private Duration soakLength(String component) {
        LedgerView v = ledger.view(component, clock.instant());
        return v == null || v.soak() == null ? null : Duration.ofSeconds(v.soak().wallSeconds());
    }

    /**
     * Starts serving, probing and evaluating. The port opens first (readiness is unknown until the
     * first evaluation) and probes are recorded from then on: they need no rules. With compiled rules
     * the first evaluation runs within its budget before this returns; with rules to compile, this
     * returns at once and {@link #started()} says when the rules are live and the first evaluation ran.
     */
    public void start() throws IOException {
        startup.begin(rulesFolder().dir());
        if (store == null) {
            open();
        } else {
            replica.tick(); // opened a while ago: lead (or follow) from the first moment of serving
        }
        listener = Listener.start(config, metrics, this::served, store, actionStore, intake, reload.control(),
                this::ready, tlsPoll);
        LOG.info("promotiond {} listening on {}://{}:{} ({} components, store {}, replica {})", version,
                config.tls() == null ? "http" : "https", config.listenHost(), listener.port(),
                config.components().size(), database, replica.id());
        replica.address(listener.url());
        listener.api().exportDecisionsWhile(replica::leads);
        evaluations.startActing();
        probeTimer = Executors.newSingleThreadScheduledExecutor(Threads.named("promotiond-probe-timer"));
        worker = Executors.newSingleThreadScheduledExecutor(Threads.named("promotiond-worker"));
        worker.execute(Threads.task(metrics, "jvm-metrics", metrics::registerJvm)); // JMX: off the path to the port
        intake.owns(c -> {
            ShardedProbing p = probes;
            return p == null || p.probing().contains(c);
        });
        probes = new ShardedProbing(new ProbeScheduler(probeTimer, probe, observations::observe), ledger,
                config.components(), replica.renewEvery(), clock);
        lease.start(metrics);
        // the store's writes never share a thread with the rules
        worker.scheduleWithFixedDelay(Threads.task(metrics, "flush", upkeep::flush), FLUSH_EVERY.toMillis(),
                FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(Threads.task(metrics, "prune", upkeep::prune), 0, PRUNE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        // the first refresh runs while the rules compile, and the first evaluation waits for it
        sources.start(config.evaluationInterval());
        evaluations.startTimer();
        // new rules show in the verdicts at once, not one interval later; same thread as the timed cycles
        rules.onSwap(evaluations::evaluateSoon);
        rules.prepare(windows::apply);
        if (!startup.compiles()) {
            startEvaluating();
        } else {
            evaluations.submit(this::startEvaluating);
        }
        GcAdvice.forThisJvm(config.components().size()).ifPresent(LOG::info);
    }

    /**
     * Makes the start-up rules live (compiling them if needed), runs the first evaluation, then the
     * evaluation timer and the rules watcher. Runs on the evaluation thread, or on the caller's when
     * the rules came compiled. A compile failure leaves readiness unknown with the reason and
     * completes {@link #started()} exceptionally; nothing is evaluated.
     */
    private void startEvaluating() {
        if (!startup.makeLive(rules, windows::apply, () -> closing, rulesFolder.label(), config.rules())) {
            return;
        }
        if (!closing) {
            // before the first answer says ready: a SIGHUP (systemctl reload) after it must reload, never stop the JVM
            rules.listenForHangup();
        }
        startup.live();
        try {
            sources.awaitFirstRefresh();
            evaluations.evaluateAndAct();
            evaluations.schedule(config.evaluationInterval());
        } catch (InterruptedException | java.util.concurrent.RejectedExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            startup.started().cancel(false); // stopping
            return;
        }
        if (!closing) {
            reload.watch(rulesFolder, config.rules(), rulesDebounce);
        }
        startup.started().complete(engine.get());
    }

    /**
     * Completes once the start-up rules are live and the first evaluation has run (published, or
     * failed and counted); completes exceptionally with what the compile threw when they did not
     * compile (a {@link dev.promotiond.engine.RulesException} names file:line); cancelled when the
     * daemon stops first.
     */
    public CompletableFuture<RuleEngine> started() {
        return startup.started();
    }

    /** The evidence and deployment intake (as the API uses it): deploy, push evidence. */
    public EvidenceIntake intake() {
        return intake;
    }

    /** The evaluation loop: {@code evaluations().evaluate()} runs one cycle now; null before {@link #open()}. */
    public Evaluations evaluations() {
        return evaluations;
    }

    /** The leader's actions: {@code actions().act(e)} carries out what an evaluation asked for. */
    public LeaderActions actions() {
        return actions;
    }

    /** The uptime windows: {@code windows().use(...)} takes other windows, as a policy reload does. */
    public PolicyWindows windows() {
        return windows;
    }

    /** Where probe outcomes go; {@code observations().observe(o)} records one as a probe would. */
    public Observations observations() {
        return observations;
    }

    /** The SLI sources: {@code sources().refresh()} queries them all now. */
    public Sources sources() {
        return sources;
    }

    /** Which version a rollback goes back to, as the action pipeline asks it; null before {@link #open()}. */
    public RollbackTarget rollbackTarget() {
        return rollbackTarget;
    }

    /** What /readyz answers now: unknown with why while the start-up rules compile or after they failed. */
    Ready ready() {
        return evaluations.ready(startup.starting());
    }

    /** The last decisions published here; null before the first. */
    public Evaluation last() {
        return evaluations.last();
    }

    /** The decisions the API serves: the last published, turned unknown while the store cannot be reached. */
    Evaluation served() {
        Evaluations e = evaluations;
        return e == null ? null : e.served();
    }

    public int port() {
        return listener.port();
    }

    public Store store() {
        return store;
    }

    public Metrics metrics() {
        return metrics;
    }

    public List<ComponentConfig> components() {
        return config.components();
    }

    /** The live rules and their reloads. */
    RulesReloader rules() {
        return rules;
    }

    /** The components this replica probes now (its share among the live replicas). */
    java.util.Set<String> probing() {
        ShardedProbing p = probes;
        return p == null ? java.util.Set.of() : p.probing();
    }

    /** For tests: ends this replica's lease in the store now, as the death of its process would once it expired. */
    void expireLease() {
        coordination.release(replica.id(), replica.epoch());
    }

    /** For tests: how long the rules folder must be quiet before a reload; takes effect at {@link #start()}. */
    void rulesDebounce(Duration debounce) {
        this.rulesDebounce = debounce;
    }

    /** For tests: how often the certificate and key files are read; takes effect at {@link #start()}. */
    void tlsPoll(Duration every) {
        this.tlsPoll = every;
    }

    /** Stops in reverse order of start, each step bounded; flushes the store last. */
    @Override
    public void close() {
        closing = true;
        startup.cancel(); // an evaluation thread still waiting for the start-up compile returns
        if (rules != null) {
            rules.stopListeningForHangup();
        }
        if (probes != null) {
            probes.stop();
        }
        if (lease != null) {
            lease.close();
        }
        if (listener != null) {
            listener.stopPolling();
        }
        Threads.stop(probeTimer);
        if (sources != null) {
            sources.stop();
        }
        if (evaluations != null) {
            evaluations.stopTimer();
        }
        if (reload != null) { // after the evaluation thread, which starts the rules watcher
            reload.close();
        }
        if (evaluations != null) {
            evaluations.stopActing();
        }
        Threads.stop(worker);
        if (listener != null) {
            listener.close();
        }
        if (probe instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing the probe client failed", e);
            }
        }
        if (sources != null) {
            sources.close();
        }
        if (actions != null) {
            actions.close();
        }
        if (replica != null) {
            try {
                store.flush();
            } catch (RuntimeException e) {
                LOG.warn("the last flush before stopping failed: {}", e.getMessage());
            }
            replica.leave(); // after the last write: a successor starts from everything this replica knew
        }
        if (coordination != null) {
            coordination.close();
        }
        if (decisions != null) {
            decisions.close();
        }
        if (store != null) {
            store.close();
        }
        if (rulesFolder != null) {
            rulesFolder.close();
        }
    }

    /** The rules folder, copying the bundled rules out of the jar the first time when the config names none. */
    private RulesFolder rulesFolder() {
        if (rulesFolder == null) {
            rulesFolder = RulesFolder.orBundled(config.rules(), config.source());
        }
        return rulesFolder;
    }
}
