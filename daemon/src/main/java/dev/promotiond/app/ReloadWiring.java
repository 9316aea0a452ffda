package dev.promotiond.app;

import dev.promotiond.cluster.Replica;
import dev.promotiond.api.RulesControl;
import dev.promotiond.engine.RulesFolder;
import dev.promotiond.export.Metrics;
import dev.promotiond.reload.RulesReloader;
import dev.promotiond.reload.RulesWatcher;
import dev.promotiond.store.Decisions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the live rules get reloaded: by the API at any replica (recorded in the store, where the
 * leader sees it before its next evaluation and reloads too), and by edits to the rules folder.
 */
final class ReloadWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadWiring.class);

    private final RulesReloader rules;
    private final Decisions decisions;
    private final Replica replica;
    private final Clock clock;
    private final Metrics metrics;
    /** Reload requests already carried out by this replica (asked at it, or seen in the store). */
    private volatile long seen;
    private volatile RulesWatcher watcher;

    /** @param seen the reload requests in the store when this replica opened it: they are in the rules it compiles */
    ReloadWiring(RulesReloader rules, Decisions decisions, long seen, Replica replica, Clock clock, Metrics metrics) {
        this.rules = rules;
        this.decisions = decisions;
        this.replica = replica;
        this.clock = clock;
        this.metrics = metrics;
        this.seen = seen;
    }

    /** The API's rules control: a reload asked here reloads this replica and asks the leader to. */
    RulesControl control() {
        return new RulesControl() {
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
                        seen = Math.max(seen, n); // done here already
                    }
                } catch (RuntimeException e) {
                    LOG.warn("reloaded here, but cannot ask the leader to reload: {}", e.getMessage());
                }
                return s;
            }
        };
    }

    /** The leader reloads its rules when a reload was asked at another replica since it last looked. */
    void reloadIfAskedElsewhere() {
        try {
            long n = decisions.reloadRequests();
            long before = seen;
            seen = n;
            if (before >= 0 && n > before) {
                rules.reload("replica");
            }
        } catch (RuntimeException e) {
            metrics.storeFailed("read");
            LOG.warn("cannot check the store for reload requests: {}", e.getMessage());
        }
    }

    /** Reloads the rules when their folder changes; catches up on edits made since they compiled. */
    void watch(RulesFolder folder, Path configured, Duration debounce) {
        if (folder.isBundled()) {
            return; // a read-only copy of the jar's rules: nothing can change them
        }
        RulesWatcher w = new RulesWatcher(configured, debounce, rules::reloadIfChanged);
        watcher = w;
        try {
            w.start();
        } catch (IOException e) {
            watcher = null;
            LOG.warn("cannot watch the rules folder {} ({}); reload with POST /api/v1/rules/reload or SIGHUP",
                    configured, e.toString());
        }
        rules.reloadIfChanged();
    }

    /** Stops watching the rules folder. */
    @Override
    public void close() {
        RulesWatcher w = watcher;
        if (w != null) {
            w.close();
        }
    }
}
