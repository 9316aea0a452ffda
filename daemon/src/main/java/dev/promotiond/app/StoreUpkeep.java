package dev.promotiond.app;

import dev.promotiond.config.DaemonConfig;
import dev.promotiond.export.Metrics;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.Store;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store's periodic chores: flushing the buffered writes, and pruning what retention no longer keeps. */
final class StoreUpkeep {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUpkeep.class);

    private final Store store;
    private final EvidenceStore evidence;
    private final DaemonConfig config;
    private final Clock clock;
    private final Metrics metrics;
    private long droppedLogged;

    StoreUpkeep(Store store, EvidenceStore evidence, DaemonConfig config, Clock clock, Metrics metrics) {
        this.store = store;
        this.evidence = evidence;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Writes the buffered writes; a failure is counted, and the probes dropped from memory are logged once each. */
    void flush() {
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

    /** Deletes rows older than the retention, and evidence beyond the versions kept. */
    void prune() {
        try {
            Instant before = clock.instant().minus(config.retention());
            int n = store.prune(before) + evidence.prune(before, config.evidenceVersions());
            if (n > 0) {
                LOG.info("pruned {} rows older than {} or of evidence beyond the last {} versions", n, config.retention(),
                        config.evidenceVersions());
            }
        } catch (RuntimeException e) {
            metrics.storeFailed("prune");
            throw e;
        }
    }
}
