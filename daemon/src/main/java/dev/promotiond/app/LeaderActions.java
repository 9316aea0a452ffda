package dev.promotiond.app;

import dev.promotiond.actions.ActionPipeline;
import dev.promotiond.actions.AlertmanagerClient;
import dev.promotiond.actions.RollbackExecutor;
import dev.promotiond.actions.RollbackTarget;
import dev.promotiond.config.ActionsConfig;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.export.Metrics;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Decisions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the leader does about its decisions (alerts, rollbacks): an action pipeline built afresh
 * from the store each time this replica starts leading, and run only under its lease.
 */
public final class LeaderActions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderActions.class);

    private final DaemonConfig config;
    private final ActionStore store;
    private final RollbackTarget rollbackTarget;
    private final Decisions decisions;
    private final Metrics metrics;
    private final Supplier<ActionStore.Fence> fence;
    private final IntSupplier port;
    private final Duration staleAfter;
    private final AlertmanagerClient alertmanager;
    private final List<AutoCloseable> executorsToClose = new ArrayList<>();
    private final Map<String, RollbackExecutor> rollbackExecutors;
    /** Null while this replica has never led. */
    private volatile ActionPipeline pipeline;

    /**
     * @param fence      the lease this process acts under, or null when it does not lead
     * @param port       the port the API listens on (for the links in alerts)
     * @param staleAfter how old the last published decisions may be for a pipeline's timers to continue
     */
    LeaderActions(DaemonConfig config, Clock clock, ActionStore store, RollbackTarget rollbackTarget, Decisions decisions,
                  Metrics metrics, Supplier<ActionStore.Fence> fence, IntSupplier port, Duration staleAfter) {
        this.config = config;
        this.store = store;
        this.rollbackTarget = rollbackTarget;
        this.decisions = decisions;
        this.metrics = metrics;
        this.fence = fence;
        this.port = port;
        this.staleAfter = staleAfter;
        ActionsConfig ac = config.actions();
        alertmanager = ac.alertmanagers().isEmpty() ? null
                : new AlertmanagerClient(ac.alertmanagers(), Duration.ofSeconds(10), clock);
        rollbackExecutors = ActionsWiring.rollbackExecutors(config, clock, executorsToClose);
        metrics.registerAlerts(() -> {
            ActionPipeline p = pipeline;
            return p == null ? Map.of() : p.activeAlerts();
        });
    }

    /**
     * This replica starts acting: a pipeline built afresh from the store (active alerts restored
     * and resent at its first pass, so a firing alert neither resolves nor fires anew), and the
     * rollbacks a dead leader left unfinished held and paged. Runs on the lease thread (or at open),
     * while no pipeline runs.
     */
    synchronized void takeOver(Instant now) {
        ActionPipeline p = new ActionPipeline(config.actions(), rollbackExecutors, ActionsWiring.dryRunComponents(config),
                store, alertmanager, r -> metrics.actionRecorded(r.kind(), r.outcome()));
        Map<String, String> groups = new HashMap<>();
        config.components().forEach(c -> groups.put(c.name(), c.group()));
        p.groups(groups::get);
        long last = decisions.lastPublishedAtMillis();
        p.continueTimers(now, last == 0 ? null : Instant.ofEpochMilli(last), staleAfter);
        int interrupted = p.reconcileInterrupted(now);
        if (interrupted > 0) {
            LOG.warn("{} rollback(s) were interrupted by the last stop: held and paged as {}", interrupted,
                    ActionPipeline.INTERRUPTED);
        }
        pipeline = p;
    }

    /** Carries out what an evaluation asked for (alerts, rollbacks); nothing when this replica does not lead. */
    public void act(Evaluation e) {
        ActionPipeline p = this.pipeline;
        if (p == null || fence.get() == null) {
            return; // not leading (pages are not fenced in the database: they are idempotent, resolves are not)
        }
        String base = config.actions().externalUrl() != null ? config.actions().externalUrl()
                : (config.tls() == null ? "http://" : "https://") + config.listenHost() + ":" + port.getAsInt();
        p.run(e.evaluatedAt(), e.actions(), e.dataMissing(), rollbackTarget::previousVersion,
                c -> base + "/api/v1/components/" + c + "/readiness?target=production");
    }

    /** Closes the Alertmanager client and the rollback executors. */
    @Override
    public void close() {
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
    }
}
