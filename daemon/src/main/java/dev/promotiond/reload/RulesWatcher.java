package dev.promotiond.reload;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the rules folder and, once changes have settled, makes one call. Editors save by writing
 * a temporary file and renaming it over the old one, and several files are often saved together:
 * every event until the folder has been quiet for the debounce (at most ten debounces after the
 * first) collapses into that one call. Any event counts, whatever the file name (a Kubernetes
 * ConfigMap swaps a symlinked folder, not a .drl file); whether content changed is the callee's
 * question.
 */
public final class RulesWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesWatcher.class);
    /** An editor's save (write, rename) takes well under this; a longer quiet only delays new verdicts. */
    public static final Duration DEBOUNCE = Duration.ofMillis(100);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(5);

    private final Path dir;
    private final Duration debounce;
    private final Runnable onChange;
    private WatchService watch;
    private Thread thread;

    /** @param onChange called on the watcher's thread, one call at a time; what it throws is logged */
    public RulesWatcher(Path dir, Duration debounce, Runnable onChange) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        if (debounce == null || debounce.isNegative() || debounce.isZero()) {
            throw new IllegalArgumentException("rules watch debounce must be positive, not " + debounce);
        }
        this.debounce = debounce;
    }

    /** Registers the folder and starts the watcher's thread. */
    public void start() throws IOException {
        watch = dir.getFileSystem().newWatchService();
        try {
            dir.register(watch, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
        thread = new Thread(this::run, "promotiond-rules-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                boolean valid = drain(watch.take());
                long giveUpAt = System.nanoTime() + debounce.toNanos() * 10;
                while (true) {
                    long wait = Math.min(debounce.toNanos(), giveUpAt - System.nanoTime());
                    WatchKey more = wait <= 0 ? null : watch.poll(wait, TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    valid = drain(more);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.error("reloading the rules after a change in {} failed", dir, e);
                }
                if (!valid) {
                    LOG.warn("the rules folder {} is gone or renamed: no longer watching it; restart the daemon"
                            + " or reload with POST /api/v1/rules/reload", dir);
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Takes the key's events (their content does not matter) and re-arms it; false when the folder went away. */
    private static boolean drain(WatchKey key) {
        key.pollEvents();
        return key.reset();
    }

    /** Stops the thread, waiting at most a few seconds for a reload in progress to finish. */
    @Override
    public void close() {
        if (watch == null) {
            return;
        }
        try {
            watch.close();
        } catch (IOException e) {
            LOG.warn("closing the rules folder watch failed", e);
        }
        try { // closing wakes the thread; a reload in progress is not interrupted
            thread.join(STOP_WITHIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the rules watcher did not stop within {}s", STOP_WITHIN.toSeconds());
        }
    }
}
