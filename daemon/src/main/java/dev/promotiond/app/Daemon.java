package dev.promotiond.app;

import dev.promotiond.actions.ActionPipeline;
import dev.promotiond.actions.AlertmanagerClient;
import dev.promotiond.actions.RollbackTarget;
import dev.promotiond.api.ApiServer;
import dev.promotiond.api.HttpLimits;
import dev.promotiond.engine.RulesFolder;
import dev.promotiond.evidence.EvidenceBook;
import dev.promotiond.evidence.EvidenceException;
import dev.promotiond.evidence.EvidenceIntake;
import dev.promotiond.reload.RulesReloader;
import dev.promotiond.reload.RulesWatcher;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.ActionsConfig;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.export.Metrics;
import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.SourceStatus;
import dev.promotiond.probe.HealthProbe;
import dev.promotiond.probe.ProbeReasons;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.promql.PrometheusSliSource;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.LedgerView;
import dev.promotiond.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
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
    /** How often a follower looks for a newer publication of the leader's decisions (one small query). */
    static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);
    /** How often the listener's certificate and key files are read for a change. */
    static final Duration TLS_POLL = Duration.ofSeconds(5);

    private final DaemonConfig config;
    private final Clock clock;
    private final HealthProbe probe;
    private final AtomicReference<RuleEngine> engine;
    /** Compiles the start-up rules from the rules folder; null when they were handed in compiled. */
    private final RulesCompiler compile;
    /** The rules folder: the config's, or a temporary copy of the bundled rules; null before start or open. */
    private RulesFolder rulesFolder;
    /** Completes once the start-up rules are live and the first evaluation ran (or failed). */
    private final CompletableFuture<RuleEngine> started = new CompletableFuture<>();
    /** The start-up compile, begun first thing in {@link #start()}; null when the rules came compiled. */
    private volatile CompletableFuture<RuleEngine> compiling;
    /** Why readiness is unknown while starting (rules compiling or failed); null once the rules are live. */
    private volatile String starting;
    private volatile boolean closing;
    private volatile Future<?> firstRefresh;
    private final String version;

    private Store store;
    private dev.promotiond.store.Database database;
    private dev.promotiond.store.Coordination coordination;
    private Replica replica;
    private PublishedDecisions published;
    private dev.promotiond.store.Decisions decisions;
    private ScheduledExecutorService leaseTimer;
    private volatile Ledger ledger;
    /** What {@link #uptimeWindows} was last given; null for the default windows. */
    private volatile List<Duration> uptimeWindows;
    private EvidenceStore evidenceStore;
    private EvidenceIntake intake;
    private EvaluationCycle cycle;
    private Metrics metrics;
    private ApiServer api;
    private ScheduledExecutorService probeTimer;
    private ScheduledExecutorService worker;
    private ScheduledExecutorService evaluationTimer;
    private EvaluationRunner runner;
    /** What this replica probes: its share of the components among the live replicas; null before start. */
    private volatile ShardedProbing probes;
    private PrometheusSliSource prometheus;
    private ScheduledExecutorService sourceTimer;
    private ActionStore actionStore;
    private RollbackTarget rollbackTarget;
    private volatile ActionPipeline actions;
    private AlertmanagerClient alertmanager;
    private final List<AutoCloseable> executorsToClose = new java.util.ArrayList<>();
    private java.util.concurrent.ExecutorService actionRunner;
    private RulesReloader rules;
    private volatile RulesWatcher rulesWatcher;
    private Duration rulesDebounce = RulesWatcher.DEBOUNCE;
    private TlsReloader tls;
    private ScheduledExecutorService tlsTimer;
    private Duration tlsPoll = TLS_POLL;

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
        return new Daemon(config, clock, new dev.promotiond.probe.HttpHealthProbe(clock, concurrency), version);
    }

    /**
     * As {@link #Daemon(DaemonConfig, Clock, HealthProbe, Callable, String)}, probing the components
     * over HTTP with at most {@code concurrency} probes in flight.
     */
    public static Daemon probingOverHttp(DaemonConfig config, Clock clock, int concurrency,
                                         Callable<? extends RuleEngine> compile, String version) {
        return new Daemon(config, clock, new dev.promotiond.probe.HttpHealthProbe(clock, concurrency), compile, version);
    }

    /** Compiles the start-up rules of a folder. */
    private interface RulesCompiler {
        RuleEngine compile(Path dir) throws Exception;
    }

    private Daemon(DaemonConfig config, Clock clock, HealthProbe probe, AtomicReference<RuleEngine> engine,
                   RulesCompiler compile, String version) {
        this.config = config;
        this.clock = clock;
        this.probe = probe;
        this.engine = engine;
        this.compile = compile;
        this.version = version;
        if (engine.get() instanceof DroolsRuleEngine given) {  // compiled by the caller: take its windows now
            List<dev.promotiond.engine.RuleProblem> refused = applyPolicy(given);
            if (!refused.isEmpty()) {
                throw new IllegalArgumentException(new dev.promotiond.engine.RulesException(refused).getMessage());
            }
        }
    }

    private Supplier<List<Sli>> otherSlis;

    /**
     * SLIs from a source other than Prometheus, used only when the config names no Prometheus (the
     * demo's synthetic traffic). Call before {@link #start()}.
     */
    public Daemon withSlis(Supplier<List<Sli>> slis) {
        this.otherSlis = java.util.Objects.requireNonNull(slis, "slis");
        return this;
    }

    /**
     * The uptime windows the policy asks for (plus 1h and 24h, which are always reported); the
     * ledger reports them from the next evaluation on, reading from the store the older runs a longer
     * window needs. Call before {@link #open()} or at any time after (a policy reload).
     *
     * @throws IllegalArgumentException naming the window when one is not whole minutes or is longer
     *         than {@code retention:}; the windows in use stay
     */
    public void uptimeWindows(java.util.Collection<Duration> asked) {
        dev.promotiond.facts.UptimeWindows next = dev.promotiond.facts.UptimeWindows.of(asked)
                .within(config.retention()); // refuse before keeping it
        Ledger l = ledger;
        if (l != null) {
            l.windows(asked, clock.instant());
        }
        uptimeWindows = List.copyOf(asked);
        queryUptimeWindows(next);
    }

    /**
     * Components with a Prometheus uptime series get their uptime over the same windows: once the
     * windows change, the source queries every window now (its own thread), so a new window is
     * unknown ("not queried yet") only until that refresh answers. The retention does not bound
     * these windows; one longer than Prometheus keeps yields what it has, and coverage says so.
     */
    private void queryUptimeWindows(dev.promotiond.facts.UptimeWindows windows) {
        PrometheusSliSource source = prometheus;
        if (source == null || !source.windows(windows)) {
            return;
        }
        java.util.concurrent.ScheduledExecutorService timer = sourceTimer;
        if (timer != null) {
            try {
                // at start the first evaluation waits for this one, so it sees every window
                firstRefresh = timer.submit(this::refreshQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /**
     * Takes the uptime windows the policy of {@code engine} asks for; a window the store's retention
     * cannot hold refuses the rules, at the policy's file:line:col. Rules without a policy keep the
     * windows in use.
     */
    List<dev.promotiond.engine.RuleProblem> applyPolicy(DroolsRuleEngine engine) {
        dev.promotiond.config.Policy policy = engine.policy();
        if (policy == null) {
            return List.of();
        }
        List<dev.promotiond.engine.RuleProblem> problems = new java.util.ArrayList<>();
        for (dev.promotiond.config.ConfigProblem p : policy.windowsWithin(config.retention())) {
            problems.add(new dev.promotiond.engine.RuleProblem(p.file(), p.line(), p.column(),
                    p.path() + ": " + p.message(), true));
        }
        if (problems.isEmpty()) {
            uptimeWindows(policy.windows());
            List<String> names = config.components().stream().map(c -> c.name()).toList();
            List<String> groups = config.components().stream().map(c -> c.group() == null ? "" : c.group()).toList();
            for (dev.promotiond.config.ConfigProblem p : policy.unmatched(names, groups)) {
                LOG.warn("{}", p);
            }
        }
        return problems;
    }

    /** Opens the store and rebuilds the ledger; no threads, no port. Used by {@link #start()} and by tests. */
    public void open() {
        rulesFolder();
        database = StoreTarget.database(config);
        store = Store.open(database);
        if (store.migration() != null) {
            LOG.info("store {}: {}", database, store.migration());
        }
        coordination = new dev.promotiond.store.Coordination(database);
        replica = new Replica(coordination, Replica.newId(), version, StoreTarget.lease(config), System::nanoTime,
                !database.isPostgres());
        decisions = new dev.promotiond.store.Decisions(database);
        reloadsSeen = decisions.reloadRequests(); // requests before this start are in the rules it compiles
        published = new PublishedDecisions(decisions, config.components());
        ledger = new Ledger(store, config.retention());
        if (uptimeWindows != null) {
            ledger.windows(uptimeWindows, clock.instant());
        }
        Instant now = clock.instant();
        ledger.load(now);
        evidenceStore = new EvidenceStore(store);
        intake = new EvidenceIntake(config.components(), clock, ledger, evidenceStore, config.evidenceVersions());
        intake.stageRecords();
        store.flush();
        Supplier<List<Sli>> slis;
        if (config.prometheus() != null) {
            prometheus = new PrometheusSliSource(config.prometheus(), config.components(), clock, this::soakLength);
            prometheus.windows(ledger.windows());
            slis = prometheus::latest;
        } else if (otherSlis != null) {
            slis = otherSlis;
        } else {
            Ledger windows = ledger;
            slis = () -> PrometheusSliSource.notConfigured(config.components(), windows.windows());
        }
        actionStore = new ActionStore(store, this::fence);
        rollbackTarget = new RollbackTarget(clock, ledger, store, actionStore);
        Supplier<List<SourceStatus>> sources = () -> prometheus == null ? List.of()
                : List.of(new SourceStatus(PrometheusSliSource.SOURCE, prometheus.up(), prometheus.up() ? null
                        : "Prometheus at " + config.prometheus().url() + " did not answer"));
        cycle = new EvaluationCycle(clock, ledger, config::components, engine::get, slis, sources, actionStore::holds)
                .withEvidence(intake::evidence, intake::stageRecords).withRollbacks(actionStore::rollbacks)
                .withAlertmanagers(config.actions().alertmanagers().size());
        // only the leader exports the fleet's readiness gauges, so Prometheus scraping every replica counts each once
        metrics = new Metrics(() -> replica.leads() ? served() : null, version, ProbeReasons::family);
        Duration interval = config.evaluationInterval();
        runner = new EvaluationRunner(cycle, engine::get, clock, metrics,
                interval.compareTo(MIN_EVALUATION_BUDGET) > 0 ? interval : MIN_EVALUATION_BUDGET,
                interval.multipliedBy(STALE_AFTER_CYCLES));
        rules = new RulesReloader(rulesFolder.dir(), rulesFolder.isBundled(), engine, clock, metrics);
        ActionsConfig ac = config.actions();
        if (!ac.alertmanagers().isEmpty()) {
            alertmanager = new AlertmanagerClient(ac.alertmanagers(), Duration.ofSeconds(10), clock);
        }
        rollbackExecutors = ActionsWiring.rollbackExecutors(config, clock, executorsToClose);
        replica.tick(); // a replica alone (or first) leads from its first evaluation
        if (replica.leads()) {
            takeOverActions(now);
        }
        replica.onLeadershipChange(this::leadershipChanged);
        metrics.registerAlerts(() -> {
            ActionPipeline p = actions;
            return p == null ? java.util.Map.of() : p.activeAlerts();
        });
        metrics.registerReplica(replica::leads, () -> replica.members().size(),
                () -> {
                    ShardedProbing p = probes;
                    return p == null ? 0 : p.probing().size();
                }, replica::leaseAgeSeconds);
        metrics.registerStoreBuffer(store::pendingWrites, store::droppedProbes);
        if (prometheus != null) {
            metrics.registerSource(PrometheusSliSource.SOURCE, prometheus::up, prometheus::errorCounts);
        }
    }

    private java.util.Map<String, dev.promotiond.actions.RollbackExecutor> rollbackExecutors;

    /**
     * This replica starts acting: a pipeline built afresh from the store (active alerts restored
     * and resent at its first pass, so a firing alert neither resolves nor fires anew), and the
     * rollbacks a dead leader left unfinished held and paged. Runs on the lease thread (or in
     * {@link #open()}), while no pipeline runs.
     */
    private synchronized void takeOverActions(Instant now) {
        ActionPipeline p = new ActionPipeline(config.actions(), rollbackExecutors, ActionsWiring.dryRunComponents(config),
                actionStore, alertmanager, r -> metrics.actionRecorded(r.kind(), r.outcome()));
        java.util.Map<String, String> groups = new java.util.HashMap<>();
        config.components().forEach(c -> groups.put(c.name(), c.group()));
        p.groups(groups::get);
        long last = decisions.lastPublishedAtMillis();
        p.continueTimers(now, last == 0 ? null : Instant.ofEpochMilli(last),
                config.evaluationInterval().multipliedBy(STALE_AFTER_CYCLES));
        int interrupted = p.reconcileInterrupted(now);
        if (interrupted > 0) {
            LOG.warn("{} rollback(s) were interrupted by the last stop: held and paged as {}", interrupted,
                    ActionPipeline.INTERRUPTED);
        }
        actions = p;
    }

    /** Reload requests already carried out by this replica (asked at it, or seen in the store). */
    private volatile long reloadsSeen = -1;

    /**
     * The API's rules control: a reload asked at any replica reloads it and is recorded in the
     * store, where the leader sees it before its next evaluation and reloads too.
     */
    private dev.promotiond.api.RulesControl sharedReload() {
        return new dev.promotiond.api.RulesControl() {
            @Override
            public State state() {
                return rules.state();
            }

            @Override
            public State reload() {
                State s = rules.reload();
                try {
                    long n = decisions.requestReload(replica.id(), clock.millis());
                    if (replica.leads()) {
                        reloadsSeen = Math.max(reloadsSeen, n); // done here already
                    }
                } catch (RuntimeException e) {
                    LOG.warn("reloaded here, but cannot ask the leader to reload: {}", e.getMessage());
                }
                return s;
            }
        };
    }

    /** The leader reloads its rules when a reload was asked at another replica since it last looked. */
    private void reloadIfAskedElsewhere() {
        try {
            long n = decisions.reloadRequests();
            long seen = reloadsSeen;
            reloadsSeen = n;
            if (seen >= 0 && n > seen) {
                rules.reload("replica");
            }
        } catch (RuntimeException e) {
            metrics.storeFailed("read");
            LOG.warn("cannot check the store for reload requests: {}", e.getMessage());
        }
    }

    /** The lease this process acts under, or null when it does not lead (renewed first when due). */
    private dev.promotiond.store.ActionStore.Fence fence() {
        if (leaseTimer == null && !replica.leads()) {
            replica.tick(); // open() without start(): nothing else renews the lease
        }
        return replica.fence();
    }

    /**
     * Told by the lease thread when this replica starts or stops leading. Starting: the ledger's
     * components that other replicas probe are refreshed from the store (this replica's own are
     * current in memory, and it keeps probing them), and the action pipeline is rebuilt from the
     * store. Stopping: nothing acts; the API serves the new leader's decisions from the store.
     * Probing does not depend on leading: every replica probes its share.
     */
    private void leadershipChanged(boolean leads) {
        if (closing) {
            return;
        }
        if (leads) {
            Instant now = clock.instant();
            ShardedProbing p = probes;
            if (p == null) {
                ledger.reload(now);
            } else {
                ledger.refresh(p.others(), now);
            }
            intake.reload();
            intake.stageRecords();
            takeOverActions(now);
            published.reset();
            evaluateSoon();
        }
    }

    /** After each heartbeat: probes this replica's share of the components among the live replicas. */
    private void rebalance() {
        ShardedProbing p = probes;
        if (p != null && !closing && replica.unreachable() == null) {
            p.rebalance(replica.id(), replica.members());
        }
    }

    /** Records a deployment (as the API does); see {@link EvidenceIntake#deploy}. */
    public HistoryEvent deploy(String component, String stage, String version, String type, Instant at) {
        return intake.deploy(component, stage, version, type, at);
    }

    /** Accepts one evidence upload (as the API does); for tests and the demo. */
    public EvidenceBook.Accepted pushEvidence(String component, String version, String commit, String kind,
                                              List<EvidenceBook.Upload> files) throws EvidenceException {
        return intake.evidence(component, version, commit, kind, files);
    }

    /** Which version a rollback goes back to, as the action pipeline asks it; null before {@link #open()}. */
    public RollbackTarget rollbackTarget() {
        return rollbackTarget;
    }

    /** Carries out what the last evaluation asked for (alerts, rollbacks). */
    public void act(Evaluation e) {
        ActionPipeline actions = this.actions;
        if (actions == null || fence() == null) {
            return; // not leading (pages are not fenced in the database: they are idempotent, resolves are not)
        }
        String base = config.actions().externalUrl() != null ? config.actions().externalUrl()
                : (config.tls() == null ? "http://" : "https://") + config.listenHost() + ":" + (api == null ? config.listenPort() : api.port());
        actions.run(e.evaluatedAt(), e.actions(), e.dataMissing(), rollbackTarget::previousVersion,
                c -> base + "/api/v1/components/" + c + "/readiness?target=production");
    }

    /** The current soak's length, for PromQL templates' {{soak}}; null before any soak. */
    private Duration soakLength(String component) {
        LedgerView v = ledger.view(component, clock.instant());
        return v == null || v.soak() == null ? null : Duration.ofSeconds(v.soak().wallSeconds());
    }

    /** Queries every data source once now (bounded by its timeout). */
    public void refreshSources() {
        if (prometheus != null) {
            prometheus.refresh();
        }
    }

    /**
     * Starts serving, probing and evaluating. The port opens first (readiness is unknown until the
     * first evaluation) and probes are recorded from then on: they need no rules. With compiled rules
     * the first evaluation runs within its budget before this returns; with rules to compile, this
     * returns at once and {@link #started()} says when the rules are live and the first evaluation ran.
     */
    public void start() throws IOException {
        Path rulesDir = rulesFolder().dir();
        if (compile != null) {
            starting = "starting: rules are compiling";
            // on its own thread from the first moment: it overlaps loading the ledger and opening the port
            compiling = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    compiling.complete(compile.compile(rulesDir));
                } catch (Throwable e) {
                    compiling.completeExceptionally(e);
                }
            }, "promotiond-compile");
            t.setDaemon(true);
            t.start();
        }
        if (store == null) {
            open();
        } else {
            replica.tick(); // opened a while ago: lead (or follow) from the first moment of serving
        }
        tls = config.tls() == null ? null : new TlsReloader(config.tls(), metrics);
        api = ApiServer.start(config.listenHost(), config.listenPort(), HttpLimits.DEFAULTS, metrics.registry(),
                this::served, store, actionStore, ActionsWiring.token(config), actionStore::clearHolds, intake,
                sharedReload(),
                this::ready, tls == null ? null : tls.tls());
        LOG.info("promotiond {} listening on {}://{}:{} ({} components, store {}, replica {})", version,
                tls == null ? "http" : "https", config.listenHost(), api.port(), config.components().size(), database,
                replica.id());
        replica.address((tls == null ? "http://" : "https://") + config.listenHost() + ":" + api.port());
        api.exportDecisionsWhile(replica::leads);
        if (tls != null) {
            tlsTimer = Executors.newSingleThreadScheduledExecutor(named("promotiond-tls"));
            tlsTimer.scheduleWithFixedDelay(this::checkTlsQuietly, tlsPoll.toMillis(), tlsPoll.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        actionRunner = Executors.newSingleThreadExecutor(named("promotiond-actions"));
        probeTimer = Executors.newSingleThreadScheduledExecutor(named("promotiond-probe-timer"));
        worker = Executors.newSingleThreadScheduledExecutor(named("promotiond-worker"));
        worker.execute(task("jvm-metrics", metrics::registerJvm)); // JMX: off the path to the port
        intake.owns(c -> {
            ShardedProbing p = probes;
            return p == null || p.probing().contains(c);
        });
        probes = new ShardedProbing(new ProbeScheduler(probeTimer, probe, this::observe), ledger, config.components(),
                replica.renewEvery(), clock);
        rebalance();
        leaseTimer = Executors.newSingleThreadScheduledExecutor(named("promotiond-lease"));
        long renew = replica.renewEvery().toMillis();
        Runnable rebalance = task("rebalance", this::rebalance);
        leaseTimer.scheduleWithFixedDelay(() -> {
            replica.tick();
            rebalance.run();
        }, renew, renew, TimeUnit.MILLISECONDS);
        // the store's writes never share a thread with the rules
        worker.scheduleWithFixedDelay(task("flush", this::flush), FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(task("prune", this::prune), 0, PRUNE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        long every = config.evaluationInterval().toMillis();
        if (prometheus != null) {
            // its own thread: a slow Prometheus delays only its own refresh, never a cycle; the first
            // refresh runs while the rules compile, and the first evaluation waits for it
            sourceTimer = Executors.newSingleThreadScheduledExecutor(named("promotiond-sources"));
            firstRefresh = sourceTimer.submit(this::refreshQuietly);
            sourceTimer.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        evaluationTimer = Executors.newSingleThreadScheduledExecutor(named("promotiond-evaluation-timer"));
        // new rules show in the verdicts at once, not one interval later; same thread as the timed cycles
        rules.onSwap(this::evaluateSoon);
        rules.prepare(this::applyPolicy);
        if (compile == null) {
            startEvaluating();
        } else {
            evaluationTimer.execute(this::startEvaluating);
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
        if (compile != null) {
            RuleEngine compiled;
            try {
                compiled = compiling.join();
            } catch (RuntimeException e) { // CompletionException with the compiler's error, or cancelled by close
                if (closing) {
                    started.cancel(false);
                    return;
                }
                Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                starting = "starting: the rules did not compile: " + String.valueOf(t.getMessage()).replace('\n', ' ');
                LOG.error("the rules in {} did not compile at start; nothing is evaluated", rulesFolder.label(), t);
                started.completeExceptionally(t);
                return;
            }
            if (closing) {
                started.cancel(false);
                return;
            }
            List<dev.promotiond.engine.RuleProblem> refused = compiled instanceof DroolsRuleEngine d
                    ? applyPolicy(d) : List.of();
            if (!refused.isEmpty()) {
                dev.promotiond.engine.RulesException e = new dev.promotiond.engine.RulesException(refused);
                starting = "starting: the rules' policy does not fit: " + e.getMessage().replace('\n', ' ');
                LOG.error("the policy in {} does not fit this daemon; nothing is evaluated: {}", config.rules(),
                        e.getMessage());
                started.completeExceptionally(e);
                return;
            }
            rules.started(compiled);
            LOG.info("rules compiled: {} rules from {}", rules.state().ruleCount(), rulesFolder.label());
        }
        if (!closing) {
            // before the first answer says ready: a SIGHUP (systemctl reload) after it must reload, never stop the JVM
            rules.listenForHangup();
        }
        starting = null;
        try {
            awaitFirstRefresh();
            evaluateAndAct();
            long every = config.evaluationInterval().toMillis();
            evaluationTimer.scheduleWithFixedDelay(task("evaluation", this::evaluateAndAct), every, every,
                    TimeUnit.MILLISECONDS);
            // a follower serves the leader's decisions within a second of their publication, not an interval later
            long follow = Math.min(every, FOLLOW_EVERY.toMillis());
            evaluationTimer.scheduleWithFixedDelay(task("follow", () -> {
                if (!replica.leads()) {
                    follow();
                }
            }), follow, follow, TimeUnit.MILLISECONDS);
        } catch (InterruptedException | java.util.concurrent.RejectedExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            started.cancel(false); // stopping
            return;
        }
        if (!closing) {
            watchRules();
        }
        started.complete(engine.get());
    }

    /** Waits for the data sources' first refresh (bounded by their own timeouts) so the first cycle has their values. */
    private void awaitFirstRefresh() throws InterruptedException {
        if (firstRefresh == null) {
            return;
        }
        try {
            firstRefresh.get();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
            LOG.warn("the first refresh of the data sources did not complete: {}", e.toString());
        }
    }

    /**
     * Completes once the start-up rules are live and the first evaluation has run (published, or
     * failed and counted); completes exceptionally with what the compile threw when they did not
     * compile (a {@link dev.promotiond.engine.RulesException} names file:line); cancelled when the
     * daemon stops first.
     */
    public CompletableFuture<RuleEngine> started() {
        return started;
    }

    /**
     * A periodic task that catches every Throwable, logs and counts it, so it keeps its schedule
     * (an executor cancels a task that throws).
     */
    private Runnable task(String name, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                metrics.taskFailed(name);
                LOG.error("task {} failed; it runs again at its next turn", name, t);
            }
        };
    }

    /** Reloads the rules when their folder changes; catches up on edits made since they compiled. */
    private void watchRules() {
        if (rulesFolder.isBundled()) {
            return; // a read-only copy of the jar's rules: nothing can change them
        }
        rulesWatcher = new RulesWatcher(config.rules(), rulesDebounce, rules::reloadIfChanged);
        try {
            rulesWatcher.start();
        } catch (IOException e) {
            rulesWatcher = null;
            LOG.warn("cannot watch the rules folder {} ({}); reload with POST /api/v1/rules/reload or SIGHUP",
                    config.rules(), e.toString());
        }
        rules.reloadIfChanged();
    }

    /** Reloads the listener's certificate when its files changed; a bug here must not end the polling. */
    private void checkTlsQuietly() {
        try {
            tls.check();
        } catch (Throwable t) {
            metrics.tlsReloadFailed();
            LOG.error("TLS certificate check failed", t);
        }
    }

    /** For tests: how often the certificate and key files are read; takes effect at {@link #start()}. */
    void tlsPoll(Duration every) {
        this.tlsPoll = every;
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

    /** The live rules and their reloads. */
    RulesReloader rules() {
        return rules;
    }

    /** One probe outcome into the ledger and the metrics; never throws into the probe thread. */
    public void observe(Observation o) {
        try {
            ledger.record(o);
            metrics.probeObserved(o);
        } catch (RuntimeException e) {
            LOG.error("cannot record probe of {}", o.component(), e);
        }
    }

    /**
     * Runs one evaluation cycle now, within its budget, and publishes it.
     *
     * @throws IllegalStateException when the cycle failed or was abandoned (already logged and
     *                               counted); the previous decisions stay published
     */
    public Evaluation evaluate() {
        Evaluation e = runner.runOnce();
        if (e == null) {
            throw new IllegalStateException("evaluation did not complete: " + runner.ready().reason());
        }
        return e;
    }

    /** What /readyz answers now: unknown with why while the start-up rules compile or after they failed. */
    public dev.promotiond.api.Ready ready() {
        String why = starting;
        if (why != null && cycle.last() == null) {
            return new dev.promotiond.api.Ready(dev.promotiond.api.Ready.UNKNOWN, why, null);
        }
        String unreachable = replica.unreachable();
        if (unreachable != null) {
            Evaluation last = cycle.last();
            return new dev.promotiond.api.Ready(dev.promotiond.api.Ready.UNKNOWN, unreachable + "; nobody acts until it is"
                    + " back", last == null ? null : last.evaluatedAt());
        }
        return runner.ready();
    }

    /** Queues one evaluation on the evaluation timer's thread now; dropped when the daemon is stopping. */
    private void evaluateSoon() {
        try {
            evaluationTimer.execute(task("evaluation", this::evaluateAndAct));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("not evaluating after the reload: stopping");
        }
    }

    /**
     * The leader evaluates, publishes the decisions to the store and acts; a follower reads the
     * leader's last published decisions from the store and serves them.
     */
    private void evaluateAndAct() {
        // evidence and deployment records other replicas accepted (a follower moves the soaks it probes);
        // once an interval, not at every one-second look for a newer publication
        reloadIntakeIfChanged();
        if (!replica.leads()) {
            follow();
            return;
        }
        reloadIfAskedElsewhere();
        ShardedProbing p = probes;
        if (p != null) {
            try {
                p.refreshOthers(); // the probes other replicas recorded since the last cycle
            } catch (RuntimeException ex) {
                metrics.storeFailed("read");
                LOG.warn("cannot read other replicas' probes from the store: {}", ex.getMessage());
            }
        }
        Evaluation e = runner.runOnce();
        if (e == null) {
            return;
        }
        ActionStore.Fence fence = replica.fence();
        boolean kept;
        try {
            kept = fence != null && published.publish(e, fence);
        } catch (RuntimeException ex) {
            metrics.storeFailed("publish");
            LOG.warn("cannot publish the decisions to the store: {}", ex.getMessage());
            kept = false;
        }
        if (kept && actionRunner != null) {
            actionRunner.execute(task("actions", () -> act(e)));
        }
    }

    /** Serves the leader's newest published decisions, when there are newer ones than those served. */
    private void reloadIntakeIfChanged() {
        try {
            intake.reloadIfChanged();
        } catch (RuntimeException ex) {
            metrics.storeFailed("read");
            LOG.warn("cannot check the store for new evidence or deployment records: {}", ex.getMessage());
        }
    }

    private void follow() {
        try {
            Evaluation e = published.follow();
            if (e != null) {
                cycle.publish(e);
            }
        } catch (RuntimeException ex) {
            metrics.storeFailed("follow");
            LOG.warn("cannot read the leader's decisions from the store: {}", ex.getMessage());
        }
    }

    private void refreshQuietly() {
        try {
            refreshSources();
        } catch (Throwable e) {
            metrics.taskFailed("sources");
            LOG.error("refreshing data sources failed; their SLIs keep the last values' state", e);
        }
    }

    private long droppedLogged;

    private void flush() {
        try {
            store.flush();
        } catch (RuntimeException e) {
            metrics.storeFailed("flush");
            long dropped = store.droppedProbes();
            if (dropped > droppedLogged) {
                LOG.warn("the store has not taken writes for too long: {} probes dropped from memory so far (a gap in"
                        + " the ledger, never DOWN); {} writes wait", dropped, store.pendingWrites());
                droppedLogged = dropped;
            }
            throw e;
        }
    }

    private void prune() {
        try {
            Instant before = clock.instant().minus(config.retention());
            int n = store.prune(before) + evidenceStore.prune(before, config.evidenceVersions());
            if (n > 0) {
                LOG.info("pruned {} rows older than {} or of evidence beyond the last {} versions", n, config.retention(),
                        config.evidenceVersions());
            }
        } catch (RuntimeException e) {
            metrics.storeFailed("prune");
            throw e;
        }
    }

    public Evaluation last() {
        return cycle.last();
    }

    private final StoreOutage outage = new StoreOutage();

    /** The decisions the API serves: the last published, turned unknown while the store cannot be reached. */
    Evaluation served() {
        return outage.apply(cycle.last(), replica.unreachable());
    }

    public int port() {
        return api.port();
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

    /** Stops in reverse order of start, each step bounded; flushes the store last. */
    @Override
    public void close() {
        closing = true;
        CompletableFuture<RuleEngine> pending = compiling;
        if (pending != null) {
            pending.cancel(false); // an evaluation thread still waiting for the start-up compile returns
        }
        if (rules != null) {
            rules.stopListeningForHangup();
        }
        if (probes != null) {
            probes.stop();
        }
        stopExecutor(leaseTimer);
        stopExecutor(tlsTimer);
        stopExecutor(probeTimer);
        stopExecutor(sourceTimer);
        stopExecutor(evaluationTimer);
        if (rulesWatcher != null) { // after the evaluation thread, which starts it
            rulesWatcher.close();
        }
        stopExecutor(actionRunner);
        stopExecutor(worker);
        if (api != null) {
            api.close();
        }
        if (probe instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing the probe client failed", e);
            }
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        for (AutoCloseable c : executorsToClose) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing a rollback executor failed", e);
            }
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

    private static void stopExecutor(java.util.concurrent.ExecutorService s) {
        if (s == null) {
            return;
        }
        s.shutdownNow();
        try {
            if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("a background task did not stop within 5s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
