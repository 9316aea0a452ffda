package dev.promotiond.app;

import dev.promotiond.cluster.Replica;
import dev.promotiond.cluster.PublishedDecisions;
import dev.promotiond.cluster.ShardedProbing;
import dev.promotiond.cluster.StoreOutage;
import dev.promotiond.api.Ready;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.evidence.EvidenceIntake;
import dev.promotiond.export.Metrics;
import dev.promotiond.store.ActionStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation loop: the leader evaluates, publishes the decisions to the store and acts; a
 * follower serves the leader's last published decisions. One thread evaluates (timed cycles, cycles
 * after a reload or a change of leader); another acts, so a slow rollback never delays a cycle.
 */
public final class Evaluations {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluations.class);
    /** How often a follower looks for a newer publication of the leader's decisions (one small query). */
    static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);

    private final EvaluationCycle cycle;
    private final EvaluationRunner runner;
    private final Replica replica;
    private final PublishedDecisions published;
    private final EvidenceIntake intake;
    private final ReloadWiring reload;
    private final LeaderActions actions;
    private final Metrics metrics;
    /** What this replica probes; null before start. */
    private final Supplier<ShardedProbing> probes;
    private final StoreOutage outage = new StoreOutage();
    private ScheduledExecutorService timer;
    private ExecutorService actionRunner;

    Evaluations(EvaluationCycle cycle, EvaluationRunner runner, Replica replica, PublishedDecisions published,
                EvidenceIntake intake, ReloadWiring reload, LeaderActions actions, Metrics metrics,
                Supplier<ShardedProbing> probes) {
        this.cycle = cycle;
        this.runner = runner;
        this.replica = replica;
        this.published = published;
        this.intake = intake;
        this.reload = reload;
        this.actions = actions;
        this.metrics = metrics;
        this.probes = probes;
    }

    /**
     * Runs one evaluation cycle now, within its budget, and publishes it (not to the store, and
     * without acting: for tests and the demo).
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

    /** The last decisions published here (evaluated here, or followed from the leader); null before any. */
    Evaluation last() {
        return cycle.last();
    }

    /** The decisions the API serves: the last published, turned unknown while the store cannot be reached. */
    Evaluation served() {
        return outage.apply(cycle.last(), replica.unreachable());
    }

    /**
     * What /readyz answers now: unknown with {@code starting} while the start-up rules compile or after
     * they failed (null once they are live), unknown while the store cannot be reached, else the runner's.
     */
    Ready ready(String starting) {
        if (starting != null && cycle.last() == null) {
            return new Ready(Ready.UNKNOWN, starting, null);
        }
        String unreachable = replica.unreachable();
        if (unreachable != null) {
            Evaluation last = cycle.last();
            return new Ready(Ready.UNKNOWN, unreachable + "; nobody acts until it is back",
                    last == null ? null : last.evaluatedAt());
        }
        return runner.ready();
    }

    /** Creates the acting thread. */
    void startActing() {
        actionRunner = Executors.newSingleThreadExecutor(Threads.named("promotiond-actions"));
    }

    /** Creates the evaluation thread; it runs nothing until {@link #submit} or {@link #schedule}. */
    void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("promotiond-evaluation-timer"));
    }

    /** Runs a task on the evaluation thread. */
    void submit(Runnable task) {
        timer.execute(task);
    }

    /**
     * Evaluates every {@code every} from now on; a follower also looks for the leader's newer
     * decisions every second (or every {@code every}, when shorter).
     */
    void schedule(Duration every) {
        long ms = every.toMillis();
        timer.scheduleWithFixedDelay(Threads.task(metrics, "evaluation", this::evaluateAndAct), ms, ms,
                TimeUnit.MILLISECONDS);
        // a follower serves the leader's decisions within a second of their publication, not an interval later
        long follow = Math.min(ms, FOLLOW_EVERY.toMillis());
        timer.scheduleWithFixedDelay(Threads.task(metrics, "follow", () -> {
            if (!replica.leads()) {
                follow();
            }
        }), follow, follow, TimeUnit.MILLISECONDS);
    }

    /** Queues one evaluation on the evaluation thread now; dropped when the daemon is stopping. */
    void evaluateSoon() {
        try {
            timer.execute(Threads.task(metrics, "evaluation", this::evaluateAndAct));
        } catch (RejectedExecutionException e) {
            LOG.debug("not evaluating after the reload: stopping");
        }
    }

    /**
     * The leader evaluates, publishes the decisions to the store and acts; a follower reads the
     * leader's last published decisions from the store and serves them.
     */
    void evaluateAndAct() {
        // evidence and deployment records other replicas accepted (a follower moves the soaks it probes);
        // once an interval, not at every one-second look for a newer publication
        reloadIntakeIfChanged();
        if (!replica.leads()) {
            follow();
            return;
        }
        reload.reloadIfAskedElsewhere();
        ShardedProbing p = probes.get();
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
            actionRunner.execute(Threads.task(metrics, "actions", () -> actions.act(e)));
        }
    }

    /** Takes the evidence and deployment records other replicas accepted since the last look. */
    private void reloadIntakeIfChanged() {
        try {
            intake.reloadIfChanged();
        } catch (RuntimeException ex) {
            metrics.storeFailed("read");
            LOG.warn("cannot check the store for new evidence or deployment records: {}", ex.getMessage());
        }
    }

    /** Serves the leader's newest published decisions, when there are newer ones than those served. */
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

    /** Stops the evaluation thread. */
    void stopTimer() {
        Threads.stop(timer);
    }

    /** Stops the acting thread. */
    void stopActing() {
        Threads.stop(actionRunner);
    }
}
