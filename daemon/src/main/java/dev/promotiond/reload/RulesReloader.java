package dev.promotiond.reload;

import dev.promotiond.api.RulesControl;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.engine.RuleProblem;
import dev.promotiond.engine.RulesException;
import dev.promotiond.export.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules folder: compiles every file into a new engine and swaps the one reference the
 * cycle reads only when nothing failed; otherwise the running rules stay and the failure is
 * recorded, logged and counted. After a swap the {@link #onSwap} listener is told at once (the daemon
 * starts a cycle with the new rules instead of waiting for its timer); the ledger is never touched.
 * Reloads run one at a time, whoever asks (folder watcher, API, SIGHUP).
 */
public final class RulesReloader implements RulesControl {
    private static final Logger LOG = LoggerFactory.getLogger(RulesReloader.class);

    private final Path dir;
    /** The dir is the temporary copy of the bundled rules (shown as such in the state). */
    private final boolean bundled;
    private final AtomicReference<RuleEngine> engine;
    private final Clock clock;
    private final Metrics metrics;
    private final Object lock = new Object();
    private volatile State state;
    /** SHA-256 per file of the content last compiled, successfully or not; guarded by {@link #lock}. */
    private Map<Path, String> lastCompiled;
    private Object previousHangupHandler;
    private volatile Runnable onSwap = () -> { };
    /**
     * Applies what the daemon takes from new rules besides the rules themselves (the policy's uptime
     * windows) before they go live; returns the problems that refuse them, each at its file:line:col.
     */
    private volatile java.util.function.Function<DroolsRuleEngine, List<RuleProblem>> prepare = e -> List.of();

    /**
     * Publishes the engine that is live now (compiled at start-up) as the first state; starts nothing.
     * When none is live yet (the start-up rules still compile), the state has no rules until
     * {@link #started} or a reload.
     */
    public RulesReloader(Path dir, AtomicReference<RuleEngine> engine, Clock clock, Metrics metrics) {
        this(dir, false, engine, clock, metrics);
    }

    public RulesReloader(Path dir, boolean bundled, AtomicReference<RuleEngine> engine, Clock clock, Metrics metrics) {
        this.dir = dir;
        this.bundled = bundled;
        this.engine = engine;
        this.clock = clock;
        this.metrics = metrics;
        Instant now = clock.instant();
        RuleEngine live = engine.get();
        this.state = live(live, now, new Attempt(now, "startup", live != null, List.of()));
        this.lastCompiled = live instanceof DroolsRuleEngine d ? d.sha256() : null;
        if (live != null) {
            metrics.rulesLive(state.ruleCount(), now);
        }
    }

    /**
     * The start-up rules, compiled after the port opened, go live, unless a reload asked for meanwhile
     * already made newer ones live. Does not call the {@link #onSwap} listener: the daemon runs its
     * first evaluation itself.
     */
    public void started(RuleEngine compiled) {
        synchronized (lock) {
            if (engine.get() != null) {
                return;
            }
            Instant at = clock.instant();
            engine.set(compiled);
            lastCompiled = compiled instanceof DroolsRuleEngine d ? d.sha256() : null;
            state = live(compiled, at, new Attempt(at, "startup", true, List.of()));
            metrics.rulesLive(state.ruleCount(), at);
        }
    }

    /**
     * Called on the reloading thread after each successful swap, while the reload lock is held: it
     * must only hand work to another thread. What it throws is logged; the swap stands.
     */
    public void onSwap(Runnable listener) {
        this.onSwap = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** See {@link #prepare}; called under the reload lock, before a compiled engine goes live. */
    public void prepare(java.util.function.Function<DroolsRuleEngine, List<RuleProblem>> step) {
        this.prepare = java.util.Objects.requireNonNull(step, "step");
    }

    @Override
    public State state() {
        return state;
    }

    /** An explicit reload (API): compiles even when no file changed. */
    @Override
    public State reload() {
        return reload("api");
    }

    /** Compiles now, whatever changed; {@code trigger} names who asked (api, sighup). */
    public State reload(String trigger) {
        synchronized (lock) {
            return compile(trigger, fingerprint());
        }
    }

    /** For the folder watcher: compiles only when a file's content differs from the last compile. */
    public State reloadIfChanged() {
        synchronized (lock) {
            Map<Path, String> now = fingerprint();
            if (now != null && now.equals(lastCompiled)) {
                return state;
            }
            return compile("watch", now);
        }
    }

    private State compile(String trigger, Map<Path, String> seen) {
        List<RuleProblem> errors;
        try {
            DroolsRuleEngine next = DroolsRuleEngine.compile(dir);
            List<RuleProblem> refused = prepare.apply(next);
            if (!refused.isEmpty()) {
                throw new RulesException(refused);
            }
            Instant at = clock.instant();
            engine.set(next);
            lastCompiled = next.sha256();
            state = live(next, at, new Attempt(at, trigger, true, List.of()));
            metrics.rulesReloaded(state.ruleCount(), at);
            LOG.info("rules reloaded ({}): {} rules from {} files in {}", trigger, state.ruleCount(),
                    state.files().size(), dir);
            swapped();
            return state;
        } catch (RulesException e) {
            errors = e.problems().stream().filter(RuleProblem::error).toList();
        } catch (RuntimeException e) {
            LOG.error("the rules compiler failed on {}", dir, e);
            errors = List.of(new RuleProblem(dir, 0, 0, "the rules compiler failed: " + e, true));
        }
        Instant at = clock.instant();
        lastCompiled = seen;
        State old = state;
        state = new State(old.dir(), old.loadedAt(), old.files(), old.ruleCount(),
                new Attempt(at, trigger, false, errors.stream().map(this::problem).toList()), bundled);
        metrics.rulesReloadFailed();
        LOG.error("rules reload failed, keeping the previous rules: {}", errors.stream()
                .map(p -> p.toString().replace('\n', ' ')).collect(Collectors.joining("; ")));
        return state;
    }

    private void swapped() {
        try {
            onSwap.run();
        } catch (RuntimeException e) {
            LOG.error("starting an evaluation after the rules reload failed; the next timed one uses the new rules", e);
        }
    }

    /** The files' content now, or null when the folder cannot be read (the compile then says why). */
    private Map<Path, String> fingerprint() {
        try {
            return DroolsRuleEngine.sha256(dir);
        } catch (IOException e) {
            return null;
        }
    }

    private State live(RuleEngine live, Instant at, Attempt attempt) {
        if (!(live instanceof DroolsRuleEngine d)) {
            return new State(dir.toString(), at, List.of(), 0, attempt, bundled);
        }
        List<LoadedFile> files = d.rulesByFile().entrySet().stream()
                .map(f -> new LoadedFile(name(f.getKey()), d.sha256().get(f.getKey()), f.getValue()))
                .toList();
        return new State(dir.toString(), at, files, d.ruleCount(), attempt, bundled);
    }

    private Problem problem(RuleProblem p) {
        return new Problem(name(p.file()), p.line(), p.column(), p.message());
    }

    /** A file in the rules folder by its name; anything else (the folder itself) by its path. */
    private String name(Path file) {
        if (file == null) {
            return dir.toString();
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        return dir.toAbsolutePath().normalize().equals(parent) ? file.getFileName().toString() : file.toString();
    }

    /** The SIGHUP handler: an explicit reload; never throws into the signal thread. */
    public void hangup() {
        try {
            reload("sighup");
        } catch (RuntimeException e) {
            LOG.error("reloading the rules on SIGHUP failed", e);
        }
    }

    /**
     * Reloads on SIGHUP (which then no longer stops the JVM). Where the platform has no SIGHUP or the
     * JVM does not let us handle it, says so once and carries on: the API and the watcher still reload.
     */
    public void listenForHangup() {
        try {
            previousHangupHandler = HangupSignal.install(this::hangup);
            if (HangupSignal.ignored(previousHangupHandler)) {
                // the JVM keeps a signal ignored that was ignored when it started (nohup, some supervisors)
                LOG.warn("SIGHUP was ignored when this process started (nohup?), so it cannot reload the rules;"
                        + " reload with POST /api/v1/rules/reload, or start without ignoring SIGHUP");
            }
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("cannot handle SIGHUP here ({}); reload the rules with POST /api/v1/rules/reload instead",
                    e.toString());
        }
    }

    /** Gives SIGHUP back to whoever had it before {@link #listenForHangup()}. */
    public void stopListeningForHangup() {
        if (previousHangupHandler == null) {
            return;
        }
        try {
            HangupSignal.restore(previousHangupHandler);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("cannot restore the previous SIGHUP handler ({})", e.toString());
        }
        previousHangupHandler = null;
    }
}
