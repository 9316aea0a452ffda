package dev.promotiond.app;

import dev.promotiond.api.ApiServer;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.export.Metrics;
import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Sli;
import dev.promotiond.probe.HealthProbe;
import dev.promotiond.probe.ProbeReasons;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.promql.PrometheusSliSource;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.LedgerView;
import dev.promotiond.store.SqliteStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from the config by hand, starts them in order
 * (store → ledger → first evaluation → HTTP → probes → timers) and stops them in reverse.
 * Construction starts no threads; {@link #start()} does.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    static final Duration FLUSH_EVERY = Duration.ofSeconds(1);
    static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final DaemonConfig config;
    private final Clock clock;
    private final HealthProbe probe;
    private final AtomicReference<RuleEngine> engine;
    private final String version;

    private SqliteStore store;
    private Ledger ledger;
    private EvaluationCycle cycle;
    private Metrics metrics;
    private ApiServer api;
    private ScheduledExecutorService probeTimer;
    private ScheduledExecutorService worker;
    private ProbeScheduler probes;
    private PrometheusSliSource prometheus;
    private ScheduledExecutorService sourceTimer;

    public Daemon(DaemonConfig config, Clock clock, HealthProbe probe, RuleEngine rules, String version) {
        this.config = config;
        this.clock = clock;
        this.probe = probe;
        this.engine = new AtomicReference<>(rules);
        this.version = version;
    }

    /** Opens the store and rebuilds the ledger; no threads, no port. Used by {@link #start()} and by tests. */
    public void open() {
        store = SqliteStore.open(config.store());
        ledger = new Ledger(store);
        Instant now = clock.instant();
        ledger.load(now);
        for (ComponentConfig c : config.components()) {
            ledger.declare(c.name(), c.stage(), c.health() == null ? 0 : c.health().interval().toSeconds(), now);
        }
        store.flush();
        Supplier<List<Sli>> slis;
        if (config.prometheus() != null) {
            prometheus = new PrometheusSliSource(config.prometheus(), config.components(), clock, this::soakLength);
            slis = prometheus::latest;
        } else {
            List<Sli> none = PrometheusSliSource.notConfigured(config.components());
            slis = () -> none;
        }
        cycle = new EvaluationCycle(clock, ledger, config::components, engine::get, slis);
        metrics = new Metrics(cycle::last, version, ProbeReasons::family);
        if (prometheus != null) {
            metrics.registerSource(PrometheusSliSource.SOURCE, prometheus::up, prometheus::errorCounts);
        }
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

    /** Starts serving, probing and evaluating. The first evaluation completes before the port opens. */
    public void start() throws IOException {
        if (store == null) {
            open();
        }
        refreshSources();
        evaluate();
        api = ApiServer.start(config.listenHost(), config.listenPort(), metrics.registry(), cycle::last, store);
        probeTimer = Executors.newSingleThreadScheduledExecutor(named("promotiond-probe-timer"));
        worker = Executors.newSingleThreadScheduledExecutor(named("promotiond-worker"));
        probes = new ProbeScheduler(probeTimer, probe, this::observe);
        probes.start(config.components());
        long every = config.evaluationInterval().toMillis();
        worker.scheduleWithFixedDelay(this::evaluateQuietly, every, every, TimeUnit.MILLISECONDS);
        if (prometheus != null) {
            // its own thread: a slow Prometheus delays only its own refresh, never a cycle
            sourceTimer = Executors.newSingleThreadScheduledExecutor(named("promotiond-sources"));
            sourceTimer.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        worker.scheduleWithFixedDelay(this::flushQuietly, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(this::pruneQuietly, 0, PRUNE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("promotiond {} listening on http://{}:{} ({} components, store {})", version, config.listenHost(),
                api.port(), config.components().size(), config.store());
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

    /** Runs one evaluation cycle now and publishes it. */
    public Evaluation evaluate() {
        try {
            Evaluation e = cycle.run();
            metrics.evaluationSucceeded(e);
            return e;
        } catch (RuntimeException e) {
            metrics.evaluationFailed();
            throw e;
        }
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.error("evaluation failed; the previous decisions stay published", e);
        }
    }

    private void refreshQuietly() {
        try {
            refreshSources();
        } catch (RuntimeException e) {
            LOG.error("refreshing data sources failed; their SLIs keep the last values' state", e);
        }
    }

    private void flushQuietly() {
        try {
            store.flush();
        } catch (RuntimeException e) {
            LOG.error("store flush failed; will retry", e);
        }
    }

    private void pruneQuietly() {
        try {
            int n = store.prune(clock.instant().minus(config.retention()));
            if (n > 0) {
                LOG.info("pruned {} rows older than {}", n, config.retention());
            }
        } catch (RuntimeException e) {
            LOG.error("store prune failed", e);
        }
    }

    public Evaluation last() {
        return cycle.last();
    }

    public int port() {
        return api.port();
    }

    public SqliteStore store() {
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
        if (probes != null) {
            probes.stop();
        }
        stopExecutor(probeTimer);
        stopExecutor(sourceTimer);
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
        if (store != null) {
            store.close();
        }
    }

    private static void stopExecutor(ScheduledExecutorService s) {
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
