package dev.promotiond.export;

import dev.promotiond.cycle.Evaluation;
import dev.promotiond.facts.Observation;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/** The daemon's metrics registry: published decisions plus probe, cycle and build instruments. */
public final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram probeDuration;
    private final Counter probes;
    private final Histogram evaluationDuration;
    private final Gauge lastSuccess;
    private final Counter evaluationFailures;
    private final Function<String, String> reasonFamily;
    private final Counter actions;
    private final Counter rulesReloads;
    private final Counter storeErrors;
    private final Counter tlsReloadFailures;
    private final Gauge tlsCertificateExpiry;
    private final Gauge rulesLastReloadSuccessful;
    private final Gauge rulesLastReloadSuccess;
    private final Gauge rulesLoaded;
    private final Counter taskFailures;
    private final Counter evaluationsAbandoned;

    /**
     * @param last         the last published evaluation
     * @param reasonFamily maps a probe reason ("status 503") to its bounded family ("status")
     */
    public Metrics(Supplier<Evaluation> last, String version, Function<String, String> reasonFamily) {
        this.reasonFamily = reasonFamily;
        registry.register(new DecisionsCollector(last));
        probeDuration = Histogram.builder().name("promotiond_probe_duration_seconds")
                .help("Health probe duration, from request start to verdict").unit(Unit.SECONDS)
                .labelNames("component").classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        probes = Counter.builder().name("promotiond_probes_total")
                .help("Health probes by outcome (up, down) and reason family")
                .labelNames("component", "outcome", "reason").register(registry);
        evaluationDuration = Histogram.builder().name("promotiond_evaluation_duration_seconds")
                .help("Duration of one evaluation cycle (snapshot, rules, publish)").unit(Unit.SECONDS)
                .classicOnly().classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        lastSuccess = Gauge.builder().name("promotiond_last_evaluation_success_timestamp_seconds")
                .help("Unix time of the last evaluation cycle that completed").register(registry);
        evaluationFailures = Counter.builder().name("promotiond_evaluation_failures_total")
                .help("Evaluation cycles that failed; the previous decisions stay published").register(registry);
        actions = Counter.builder().name("promotiond_actions_total")
                .help("Actions carried out (alerts sent/resolved, rollbacks attempted) by outcome")
                .labelNames("kind", "outcome").register(registry);
        storeErrors = Counter.builder().name("promotiond_store_errors_total")
                .help("Store operations that failed (flush of probe outcomes, prune); writes are retried")
                .labelNames("operation").register(registry);
        storeErrors.initLabelValues("flush");
        storeErrors.initLabelValues("prune");
        rulesReloads = Counter.builder().name("promotiond_rules_reload_total")
                .help("Rules reloads (folder change, POST /api/v1/rules/reload, SIGHUP) by result; a failure keeps the previous rules")
                .labelNames("result").register(registry);
        rulesReloads.labelValues("success");
        rulesReloads.labelValues("failure");
        rulesLastReloadSuccessful = Gauge.builder().name("promotiond_rules_last_reload_successful")
                .help("1 when the last rules load compiled and went live, 0 when it failed and the previous rules stay")
                .register(registry);
        rulesLastReloadSuccess = Gauge.builder().name("promotiond_rules_last_reload_success_timestamp_seconds")
                .help("Unix time the live rules went live").register(registry);
        rulesLoaded = Gauge.builder().name("promotiond_rules_loaded")
                .help("Rules in the live rule base").register(registry);
        taskFailures = Counter.builder().name("promotiond_task_failures_total")
                .help("Background task runs that threw (evaluation, flush, prune, actions, sources, rules); the task keeps its schedule")
                .labelNames("task").register(registry);
        for (String task : new String[] {"evaluation", "flush", "prune", "actions", "sources"}) {
            taskFailures.initLabelValues(task);
        }
        evaluationsAbandoned = Counter.builder().name("promotiond_evaluation_abandoned_total")
                .help("Evaluation cycles abandoned over their time budget; the previous decisions stay published")
                .register(registry);
        tlsReloadFailures = Counter.builder().name("promotiond_tls_reload_failures_total")
                .help("Changed listener certificate or key files that could not be used; the previous certificate keeps serving")
                .register(registry);
        tlsCertificateExpiry = Gauge.builder().name("promotiond_tls_certificate_expiry_timestamp_seconds")
                .help("Unix time the listener's served certificate expires (0 when the listener speaks plain HTTP)").register(registry);
        Info build = Info.builder().name("promotiond_build_info").help("promotiond build")
                .labelNames("version", "java_version").register(registry);
        build.setLabelValues(version, System.getProperty("java.version", ""));
    }

    /**
     * Adds the JVM's own metrics (memory, GC, threads). Separate from the constructor because it reads
     * JMX, some 200 classes: the daemon calls it off the path to its port.
     */
    public void registerJvm() {
        JvmMetrics.builder().register(registry);
    }

    /** Exports {@code promotiond_source_up{source}} and {@code promotiond_source_query_errors_total{source,reason}}. */
    public void registerSource(String source, BooleanSupplier up, Supplier<Map<String, Long>> errors) {
        registry.register(new SourceCollector(source, up, errors));
    }

    public void actionRecorded(String kind, String outcome) {
        actions.labelValues(kind, outcome).inc();
    }

    /** Exports {@code promotiond_alerts_active{alertname}} from the action pipeline at scrape time. */
    public void registerAlerts(Supplier<Map<String, Long>> activeByName) {
        registry.register(() -> {
            io.prometheus.metrics.model.snapshots.GaugeSnapshot.Builder g = io.prometheus.metrics.model.snapshots
                    .GaugeSnapshot.builder().name("promotiond_alerts_active")
                    .help("Alerts currently firing (sent to Alertmanager and not resolved), by alert name");
            activeByName.get().forEach((name, n) -> g.dataPoint(io.prometheus.metrics.model.snapshots.GaugeSnapshot
                    .GaugeDataPointSnapshot.builder().value(n)
                    .labels(io.prometheus.metrics.model.snapshots.Labels.of("alertname", name)).build()));
            return g.build();
        });
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void probeObserved(Observation o) {
        probeDuration.labelValues(o.component()).observe(o.latency().toNanos() / 1e9);
        probes.labelValues(o.component(), o.up() ? "up" : "down", reasonFamily.apply(o.reason())).inc();
    }

    public void evaluationSucceeded(Evaluation e) {
        evaluationDuration.observe(e.took().toNanos() / 1e9);
        lastSuccess.set(e.evaluatedAt().toEpochMilli() / 1000.0);
    }

    /** A store operation ("flush", "prune") failed. */
    public void storeFailed(String operation) {
        storeErrors.labelValues(operation).inc();
    }

    public void evaluationFailed() {
        evaluationFailures.inc();
    }

    /** A scheduled task threw; it runs again at its next turn. */
    public void taskFailed(String task) {
        taskFailures.labelValues(task).inc();
    }

    /** An evaluation cycle went over its budget and was abandoned. */
    public void evaluationAbandoned() {
        evaluationsAbandoned.inc();
    }

    /**
     * Exports {@code promotiond_evaluation_stale} (1 when the last successful evaluation is too old
     * or there is none yet) and {@code promotiond_evaluation_threads_stuck} at scrape time.
     */
    public void registerEvaluationHealth(BooleanSupplier stale, java.util.function.IntSupplier stuckThreads) {
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("promotiond_evaluation_stale")
                .help("1 when no evaluation has succeeded for longer than /readyz allows (or none yet); answers are stale")
                .callback(cb -> cb.call(stale.getAsBoolean() ? 1 : 0)).register(registry);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("promotiond_evaluation_threads_stuck")
                .help("Evaluation threads abandoned while a rule consequence ignored the halt and still runs")
                .callback(cb -> cb.call(stuckThreads.getAsInt())).register(registry);
    }

    /**
     * Exports this replica's part among the replicas sharing the store: {@code promotiond_leader}
     * (1 while it holds the leader's lease), {@code promotiond_replicas} (live replicas it saw at its
     * last heartbeat, itself included), {@code promotiond_components_owned} (components it probes)
     * and {@code promotiond_lease_age_seconds} (since its lease was last renewed; -1 when it does
     * not lead).
     */
    public void registerReplica(BooleanSupplier leads, java.util.function.IntSupplier replicas,
                                java.util.function.IntSupplier owned, java.util.function.DoubleSupplier leaseAge) {
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("promotiond_leader")
                .help("1 while this replica holds the leader's lease: only the leader acts and exports readiness gauges")
                .callback(cb -> cb.call(leads.getAsBoolean() ? 1 : 0)).register(registry);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("promotiond_replicas")
                .help("Live replicas sharing this store, as this replica saw them at its last heartbeat")
                .callback(cb -> cb.call(replicas.getAsInt())).register(registry);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("promotiond_components_owned")
                .help("Components this replica probes")
                .callback(cb -> cb.call(owned.getAsInt())).register(registry);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("promotiond_lease_age_seconds")
                .help("Seconds since this replica last renewed the leader's lease; -1 when it does not lead")
                .callback(cb -> cb.call(leaseAge.getAsDouble())).register(registry);
    }

    /**
     * Exports the writes waiting in memory for the store ({@code promotiond_store_pending_writes})
     * and the probes dropped because it could not take them for too long
     * ({@code promotiond_store_dropped_probes_total}: a gap in the ledger).
     */
    public void registerStoreBuffer(java.util.function.IntSupplier pending, java.util.function.LongSupplier dropped) {
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("promotiond_store_pending_writes")
                .help("Writes waiting in memory for the next successful flush to the store")
                .callback(cb -> cb.call(pending.getAsInt())).register(registry);
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("promotiond_store_dropped_probes")
                .help("Probes dropped from memory while the store could not take writes for too long; a gap, never DOWN")
                .callback(cb -> cb.call(dropped.getAsLong())).register(registry);
    }

    /** The rules that are live now: at start-up, and after each successful reload. */
    public void rulesLive(int rules, Instant since) {
        rulesLoaded.set(rules);
        rulesLastReloadSuccess.set(since.toEpochMilli() / 1000.0);
        rulesLastReloadSuccessful.set(1);
    }

    /** A reload compiled cleanly and the new rules went live. */
    public void rulesReloaded(int rules, Instant at) {
        rulesReloads.labelValues("success").inc();
        rulesLive(rules, at);
    }

    /** A reload did not compile; the previous rules stay live. */
    public void rulesReloadFailed() {
        rulesReloads.labelValues("failure").inc();
        rulesLastReloadSuccessful.set(0);
    }

    /** The listener serves this certificate to new connections. */
    public void tlsCertificateLive(java.security.cert.X509Certificate served) {
        tlsCertificateExpiry.set(served.getNotAfter().getTime() / 1000.0);
    }

    /** Changed certificate or key files were rejected; the previous pair keeps serving. */
    public void tlsReloadFailed() {
        tlsReloadFailures.inc();
    }
}
