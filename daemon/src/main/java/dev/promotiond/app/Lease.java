package dev.promotiond.app;

import dev.promotiond.cluster.Replica;
import dev.promotiond.cluster.PublishedDecisions;
import dev.promotiond.cluster.ShardedProbing;
import dev.promotiond.evidence.EvidenceIntake;
import dev.promotiond.export.Metrics;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Ledger;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * This replica's lease in the store: renewed on its own thread, each heartbeat sharing the probing
 * among the live replicas; gaining it makes this replica the one that evaluates, publishes and acts.
 */
final class Lease implements AutoCloseable {
    private final Replica replica;
    private final Clock clock;
    private final Ledger ledger;
    private final EvidenceIntake intake;
    private final LeaderActions actions;
    private final PublishedDecisions published;
    private final Evaluations evaluations;
    /** What this replica probes; null before start. */
    private final Supplier<ShardedProbing> probes;
    private final BooleanSupplier closing;
    private ScheduledExecutorService timer;

    Lease(Replica replica, Clock clock, Ledger ledger, EvidenceIntake intake, LeaderActions actions,
          PublishedDecisions published, Evaluations evaluations, Supplier<ShardedProbing> probes,
          BooleanSupplier closing) {
        this.replica = replica;
        this.clock = clock;
        this.ledger = ledger;
        this.intake = intake;
        this.actions = actions;
        this.published = published;
        this.evaluations = evaluations;
        this.probes = probes;
        this.closing = closing;
    }

    /**
     * Takes the lease when it is free (a replica alone, or first, leads from its first evaluation),
     * and from then on hears of every change of leader.
     */
    void open(Instant now) {
        replica.tick();
        if (replica.leads()) {
            actions.takeOver(now);
        }
        replica.onLeadershipChange(this::leadershipChanged);
    }

    /** The lease this process acts under, or null when it does not lead (renewed first when due). */
    ActionStore.Fence fence() {
        if (timer == null && !replica.leads()) {
            replica.tick(); // open() without start(): nothing else renews the lease
        }
        return replica.fence();
    }

    /** Shares the probing now, then renews the lease and shares again at every heartbeat. */
    void start(Metrics metrics) {
        rebalance();
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("promotiond-lease"));
        long renew = replica.renewEvery().toMillis();
        Runnable rebalance = Threads.task(metrics, "rebalance", this::rebalance);
        timer.scheduleWithFixedDelay(() -> {
            replica.tick();
            rebalance.run();
        }, renew, renew, TimeUnit.MILLISECONDS);
    }

    /**
     * Told by the lease thread when this replica starts or stops leading. Starting: the ledger's
     * components that other replicas probe are refreshed from the store (this replica's own are
     * current in memory, and it keeps probing them), and the action pipeline is rebuilt from the
     * store. Stopping: nothing acts; the API serves the new leader's decisions from the store.
     * Probing does not depend on leading: every replica probes its share.
     */
    private void leadershipChanged(boolean leads) {
        if (closing.getAsBoolean()) {
            return;
        }
        if (leads) {
            Instant now = clock.instant();
            ShardedProbing p = probes.get();
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
        ShardedProbing p = probes.get();
        if (p != null && !closing.getAsBoolean() && replica.unreachable() == null) {
            p.rebalance(replica.id(), replica.members());
        }
    }

    /** Stops renewing (the lease is left at close, after the last write). */
    @Override
    public void close() {
        Threads.stop(timer);
    }
}
