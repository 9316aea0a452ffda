package dev.promotiond.app;

import dev.promotiond.config.DaemonConfig;
import dev.promotiond.export.Metrics;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.SourceStatus;
import dev.promotiond.facts.UptimeWindows;
import dev.promotiond.promql.PrometheusSliSource;
import dev.promotiond.store.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the SLIs come from: Prometheus when the config names one (refreshed on its own thread, so a
 * slow Prometheus delays only its own refresh, never a cycle), else the SLIs handed in (the demo's
 * synthetic traffic), else none ("not configured").
 */
public final class Sources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sources.class);

    private final DaemonConfig config;
    /** Null when the config names no Prometheus. */
    private final PrometheusSliSource prometheus;
    private final Supplier<List<Sli>> slis;
    private volatile Metrics metrics;
    private volatile ScheduledExecutorService timer;
    /** The refresh the first evaluation waits for; null when there is none. */
    private volatile Future<?> firstRefresh;

    /**
     * @param other      SLIs used only when the config names no Prometheus; may be null
     * @param soakLength the current soak's length of a component, for PromQL templates' {{soak}}
     */
    Sources(DaemonConfig config, Clock clock, Ledger ledger, Supplier<List<Sli>> other,
            Function<String, Duration> soakLength) {
        this.config = config;
        if (config.prometheus() != null) {
            prometheus = new PrometheusSliSource(config.prometheus(), config.components(), clock, soakLength);
            prometheus.windows(ledger.windows());
            slis = prometheus::latest;
        } else {
            prometheus = null;
            slis = other != null ? other : () -> PrometheusSliSource.notConfigured(config.components(), ledger.windows());
        }
    }

    /** The latest SLIs of every component. */
    Supplier<List<Sli>> slis() {
        return slis;
    }

    /** Whether each source answered its last query (none without Prometheus). */
    List<SourceStatus> statuses() {
        if (prometheus == null) {
            return List.of();
        }
        return List.of(new SourceStatus(PrometheusSliSource.SOURCE, prometheus.up(), prometheus.up() ? null
                : "Prometheus at " + config.prometheus().url() + " did not answer"));
    }

    /** Exports the sources' up and error counts. */
    void register(Metrics metrics) {
        this.metrics = metrics;
        if (prometheus != null) {
            metrics.registerSource(PrometheusSliSource.SOURCE, prometheus::up, prometheus::errorCounts);
        }
    }

    /** Queries every data source once now (bounded by its timeout). */
    public void refresh() {
        if (prometheus != null) {
            prometheus.refresh();
        }
    }

    /**
     * Starts the refresh thread: a first refresh now (it runs while the rules compile, and the first
     * evaluation waits for it), then one every {@code every}.
     */
    void start(Duration every) {
        if (prometheus == null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("promotiond-sources"));
        firstRefresh = timer.submit(this::refreshQuietly);
        timer.scheduleWithFixedDelay(this::refreshQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Components with a Prometheus uptime series get their uptime over the same windows: once the
     * windows change, the source queries every window now (its own thread), so a new window is
     * unknown ("not queried yet") only until that refresh answers. The retention does not bound
     * these windows; one longer than Prometheus keeps yields what it has, and coverage says so.
     */
    void windows(UptimeWindows windows) {
        if (prometheus == null || !prometheus.windows(windows)) {
            return;
        }
        ScheduledExecutorService t = timer;
        if (t != null) {
            try {
                // at start the first evaluation waits for this one, so it sees every window
                firstRefresh = t.submit(this::refreshQuietly);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /** Waits for the data sources' first refresh (bounded by their own timeouts) so the first cycle has their values. */
    void awaitFirstRefresh() throws InterruptedException {
        Future<?> first = firstRefresh;
        if (first == null) {
            return;
        }
        try {
            first.get();
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            LOG.warn("the first refresh of the data sources did not complete: {}", e.toString());
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (Throwable e) {
            Metrics m = metrics;
            if (m != null) {
                m.taskFailed("sources");
            }
            LOG.error("refreshing data sources failed; their SLIs keep the last values' state", e);
        }
    }

    /** Stops the refresh thread. */
    void stop() {
        Threads.stop(timer);
    }

    /** Closes the Prometheus client. */
    @Override
    public void close() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
