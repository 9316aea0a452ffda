package dev.promotiond.app;

import dev.promotiond.export.Metrics;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon's background threads: named daemon threads, periodic tasks that survive a throw, bounded stops. */
final class Threads {
    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    private Threads() {
    }

    /** One daemon thread per executor, named for thread dumps. */
    static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * A periodic task that catches every Throwable, logs and counts it, so it keeps its schedule
     * (an executor cancels a task that throws).
     */
    static Runnable task(Metrics metrics, String name, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                metrics.taskFailed(name);
                LOG.error("task {} failed; it runs again at its next turn", name, t);
            }
        };
    }

    /** Stops an executor, waiting at most 5 s for its running task; null is nothing to stop. */
    static void stop(ExecutorService s) {
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
}
