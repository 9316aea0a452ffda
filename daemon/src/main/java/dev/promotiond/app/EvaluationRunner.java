package dev.promotiond.app;

import dev.promotiond.api.Ready;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.export.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each evaluation cycle on its own thread within a time budget, so that rules which throw
 * (even a StackOverflowError), recurse or spin never hold up the caller, the store or the API.
 * A cycle over budget is halted; if its thread does not come back (a consequence stuck in a Java
 * loop ignores the halt), the thread is abandoned and a fresh one serves later cycles. The rules that
 * left a thread stuck are not run again until a reload replaces them, so one bad file costs one
 * thread, not one per cycle. Whatever happens, the previous decisions stay published and
 * {@link #ready()} turns stale once they are older than the allowed age.
 *
 * <p>Cycles are started from one thread at a time ({@link #runOnce()} is synchronized).
 */
final class EvaluationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRunner.class);
    /** How long a halted cycle gets to come back before its thread is given up. */
    static final Duration HALT_GRACE = Duration.ofSeconds(1);

    private final EvaluationCycle cycle;
    private final Supplier<RuleEngine> engine;
    private final Clock clock;
    private final Metrics metrics;
    private final Duration budget;
    private final Duration staleAfter;
    private final AtomicInteger stuck = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private RuleEngine spun;
    private volatile String lastFailure;

    /**
     * @param budget     how long one cycle may take before it is abandoned
     * @param staleAfter how old the published decisions may get before {@link #ready()} says stale
     */
    EvaluationRunner(EvaluationCycle cycle, Supplier<RuleEngine> engine, Clock clock, Metrics metrics, Duration budget,
                     Duration staleAfter) {
        this.cycle = Objects.requireNonNull(cycle, "cycle");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        metrics.registerEvaluationHealth(() -> !ready().status().equals(Ready.READY), stuck::get);
    }

    /**
     * Runs one cycle and publishes its result; returns it, or null when the cycle failed or was
     * abandoned (logged and counted; the previous decisions stay published). Never throws.
     */
    synchronized Evaluation runOnce() {
        RuleEngine rules = engine.get();
        if (rules == null) {
            return null; // the start-up rules are still compiling; readiness says so
        }
        if (rules == spun) {
            return null; // said when it happened; waits for a reload
        }
        CompletableFuture<Evaluation> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(cycle.compute(rules));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "promotiond-evaluation-" + threads.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        try {
            Evaluation e = result.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            cycle.publish(e);
            metrics.evaluationSucceeded(e);
            lastFailure = null;
            return e;
        } catch (ExecutionException ex) {
            failed(ex.getCause());
        } catch (TimeoutException ex) {
            abandon(rules, thread, result);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            rules.halt();
        }
        return null;
    }

    private void failed(Throwable cause) {
        metrics.evaluationFailed();
        metrics.taskFailed("evaluation");
        lastFailure = "the last evaluation failed: " + cause;
        LOG.error("evaluation failed; the previous decisions stay published and go stale", cause);
    }

    private void abandon(RuleEngine rules, Thread thread, CompletableFuture<Evaluation> result) {
        String rule = rules.firingRule();
        rules.halt();
        thread.interrupt();
        String which = rule == null ? "no rule was firing (the cycle was outside the rules)" : "rule \"" + rule + "\" was firing";
        lastFailure = "the last evaluation went over its budget of " + budget.toMillis() + " ms while " + which;
        boolean cameBack;
        try {
            result.get(HALT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            cameBack = true;
        } catch (TimeoutException e) {
            cameBack = false;
        } catch (ExecutionException e) {
            cameBack = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cameBack = result.isDone();
        }
        metrics.evaluationAbandoned();
        if (cameBack) {
            LOG.error("evaluation abandoned: over its budget of {} ms while {}; halted, the previous decisions stay "
                    + "published and go stale", budget.toMillis(), which);
            return;
        }
        spun = rules;
        stuck.incrementAndGet();
        result.whenComplete((e, t) -> stuck.decrementAndGet());
        LOG.error("evaluation abandoned: over its budget of {} ms while {}, which ignored the halt; its thread {} is "
                + "given up and these rules will not run again until a reload replaces them; the previous decisions "
                + "stay published and go stale", budget.toMillis(), which, thread.getName());
    }

    /** Ready when an evaluation is published and younger than the allowed age; else unknown or stale, with why. */
    Ready ready() {
        Evaluation last = cycle.last();
        String failure = lastFailure;
        if (last == null) {
            return new Ready(Ready.UNKNOWN, failure == null ? "no evaluation yet" : "no evaluation yet; " + failure, null);
        }
        Duration age = Duration.between(last.evaluatedAt(), clock.instant());
        if (age.compareTo(staleAfter) > 0) {
            return new Ready(Ready.STALE, "the last successful evaluation is " + age.toSeconds() + " s old (allowed "
                    + staleAfter.toSeconds() + " s)" + (failure == null ? "" : "; " + failure), last.evaluatedAt());
        }
        return new Ready(Ready.READY, null, last.evaluatedAt());
    }

    /** Evaluation threads given up while still running. */
    int stuckThreads() {
        return stuck.get();
    }
}
