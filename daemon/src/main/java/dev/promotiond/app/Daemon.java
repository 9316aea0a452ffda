package dev.promotiond.app;

import dev.promotiond.actions.RollbackTarget;
import dev.promotiond.api.Ready;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.ConfigProblem;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.Policy;
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
import dev.promotiond.facts.UptimeWindows;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    /** Compiles the start-up rules from the rules folder; null when they were handed in compiled. */
    private final RulesCompiler compile;
    private final String version;
    /** The rules folder: the config's, or a temporary copy of the bundled rules; null before start or open. */
    private RulesFolder rulesFolder;
    /** Completes once the start-up rules are live and the first evaluation ran (or failed). */
    private final CompletableFuture<RuleEngine> started = new CompletableFuture<>();
    /** The start-up compile, begun first thing in {@link #start()}; null when the rules came compiled. */
    private volatile CompletableFuture<RuleEngine> compiling;
    /** Why readiness is unknown while starting (rules compiling or failed); null once the rules are live. */
    private volatile String starting;
    private volatile boolean closing;
    private Supplier<List<Sli>> otherSlis;
    /** What {@link #uptimeWindows} was last given; null for the default windows. */
    private volatile List<Duration> uptimeWindows;
    private Duration rulesDebounce = RulesWatcher.DEBOUNCE;
    private Duration tlsPoll = TLS_POLL;

    // built by open()
    private Store store;
    private Database database;
    private Coordination coordination;
    private Replica replica;
    private Decisions decisions;
    private PublishedDecisions published;
    private volatile Ledger ledger;
    private EvidenceStore evidenceStore;
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

    // started by start()
    private volatile Listener listener;
    private ScheduledExecutorService leaseTimer;
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
            List<RuleProblem> refused = applyPolicy(given);
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

    /**
     * The uptime windows the policy asks for (plus 1h and 24h, which are always reported); the
     * ledger reports them from the next evaluation on, reading from the store the older runs a longer
     * window needs, and Prometheus uptime series are queried over them. Call before {@link #open()}
     * or at any time after (a policy reload).
     *
     * @throws IllegalArgumentException naming the window when one is not whole minutes or is longer
     *         than {@code retention:}; the windows in use stay
     */
    public void uptimeWindows(java.util.Collection<Duration> asked) {
        UptimeWindows next = UptimeWindows.of(asked).within(config.retention()); // refuse before keeping it
        Ledger l = ledger;
        if (l != null) {
            l.windows(asked, clock.instant());
        }
        uptimeWindows = List.copyOf(asked);
        Sources s = sources;
        if (s != null) {
            s.windows(next);
        }
    }

    /**
     * Takes the uptime windows the policy of {@code engine} asks for; a window the store's retention
     * cannot hold refuses the rules, at the policy's file:line:col. Rules without a policy keep the
     * windows in use.
     */
    List<RuleProblem> applyPolicy(DroolsRuleEngine engine) {
        Policy policy = engine.policy();
        if (policy == null) {
            return List.of();
        }
        List<RuleProblem> problems = new ArrayList<>();
        for (ConfigProblem p : policy.windowsWithin(config.retention())) {
            problems.add(new RuleProblem(p.file(), p.line(), p.column(), p.path() + ": " + p.message(), true));
        }
        if (problems.isEmpty()) {
            uptimeWindows(policy.windows());
            List<String> names = config.components().stream().map(c -> c.name()).toList();
            List<String> groups = config.components().stream().map(c -> c.group() == null ? "" : c.group()).toList();
            for (ConfigProblem p : policy.unmatched(names, groups)) {
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
        coordination = new Coordination(database);
        replica = new Replica(coordination, Replica.newId(), version, StoreTarget.lease(config), System::nanoTime,
                !database.isPostgres());
        decisions = new Decisions(database);
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
        sources = new Sources(config, clock, ledger, otherSlis, this::soakLength);
        actionStore = new ActionStore(store, this::fence);
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
        // requests before this start are in the rules it compiles
        reload = new ReloadWiring(rules, decisions, replica, clock, metrics);
        actions = new LeaderActions(config, clock, actionStore, rollbackTarget, decisions, metrics, this::fence,
                () -> listener == null ? config.listenPort() : listener.port(), interval.multipliedBy(STALE_AFTER_CYCLES));
        evaluations = new Evaluations(cycle, runner, replica, published, intake, reload, actions, metrics, () -> probes);
        observations = new Observations(ledger, metrics);
        upkeep = new StoreUpkeep(store, evidenceStore, config, clock, metrics);
        replica.tick(); // a replica alone (or first) leads from its first evaluation
        if (replica.leads()) {
            actions.takeOver(now);
        }
        replica.onLeadershipChange(this::leadershipChanged);
        metrics.registerReplica(replica::leads, () -> replica.members().size(),
                () -> {
                    ShardedProbing p = probes;
                    return p == null ? 0 : p.probing().size();
                }, replica::leaseAgeSeconds);
        metrics.registerStoreBuffer(store::pendingWrites, store::droppedProbes);
        sources.register(metrics);
    }

    /** The lease this process acts under, or null when it does not lead (renewed first when due). */
    private ActionStore.Fence fence() {
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
            actions.takeOver(now);
            published.reset();
            evaluations.evaluateSoon();
        }
    }

    /** After each heartbeat: probes this replica's share of the components among the live replicas. */
    private void rebalance() {
        ShardedProbing p = probes;
        if (p != null && !closing && replica.unreachable() == null) {
            p.rebalance(replica.id(), replica.members());
        }
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
        rebalance();
        leaseTimer = Executors.newSingleThreadScheduledExecutor(Threads.named("promotiond-lease"));
        long renew = replica.renewEvery().toMillis();
        Runnable rebalance = Threads.task(metrics, "rebalance", this::rebalance);
        leaseTimer.scheduleWithFixedDelay(() -> {
            replica.tick();
            rebalance.run();
        }, renew, renew, TimeUnit.MILLISECONDS);
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
        rules.prepare(this::applyPolicy);
        if (compile == null) {
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
            List<RuleProblem> refused = compiled instanceof DroolsRuleEngine d
                    ? applyPolicy(d) : List.of();
            if (!refused.isEmpty()) {
                RulesException e = new RulesException(refused);
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
            sources.awaitFirstRefresh();
            evaluations.evaluateAndAct();
            evaluations.schedule(config.evaluationInterval());
        } catch (InterruptedException | java.util.concurrent.RejectedExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            started.cancel(false); // stopping
            return;
        }
        if (!closing) {
            reload.watch(rulesFolder, config.rules(), rulesDebounce);
        }
        started.complete(engine.get());
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
        return evaluations.ready(starting);
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
        Threads.stop(leaseTimer);
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
