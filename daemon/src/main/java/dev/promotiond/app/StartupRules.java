package dev.promotiond.app;

import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.engine.RuleProblem;
import dev.promotiond.engine.RulesException;
import dev.promotiond.reload.RulesReloader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up rules: compiled on their own thread from the first moment of start, so the compile
 * overlaps loading the ledger and opening the port, then made live on the evaluation thread. Until
 * they are live, readiness is unknown with {@link #starting()}; when they do not compile or their
 * policy does not fit, it stays unknown with why and {@link #started()} completes exceptionally.
 */
final class StartupRules {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRules.class);

    /** Compiles the start-up rules of a folder. */
    interface Compiler {
        RuleEngine compile(Path dir) throws Exception;
    }

    /** Null when the rules were handed in compiled. */
    private final Compiler compile;
    /** Completes once the start-up rules are live and the first evaluation ran (or failed). */
    private final CompletableFuture<RuleEngine> started = new CompletableFuture<>();
    /** The start-up compile, begun by {@link #begin}; null before, and when the rules came compiled. */
    private volatile CompletableFuture<RuleEngine> compiling;
    /** Why readiness is unknown while starting (rules compiling or failed); null once the rules are live. */
    private volatile String starting;

    StartupRules(Compiler compile) {
        this.compile = compile;
    }

    /** True when the rules are still to compile (at {@link #begin}); false when they came compiled. */
    boolean compiles() {
        return compile != null;
    }

    /** Starts compiling the rules of {@code dir} on a thread of its own; nothing when they came compiled. */
    void begin(Path dir) {
        if (compile == null) {
            return;
        }
        starting = "starting: rules are compiling";
        CompletableFuture<RuleEngine> c = new CompletableFuture<>();
        compiling = c;
        Thread t = new Thread(() -> {
            try {
                c.complete(compile.compile(dir));
            } catch (Throwable e) {
                c.completeExceptionally(e);
            }
        }, "promotiond-compile");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Waits for the compile and makes its rules live, when their policy fits ({@code policy} returns
     * what it refuses); nothing to do when the rules came compiled.
     *
     * @return false when there is nothing to evaluate: the compile failed or the policy does not fit
     *         ({@link #started()} completed with why), or the daemon is stopping (cancelled)
     */
    boolean makeLive(RulesReloader rules, Function<DroolsRuleEngine, List<RuleProblem>> policy, BooleanSupplier closing,
                     String label, Path configured) {
        if (compile == null) {
            return true;
        }
        RuleEngine compiled;
        try {
            compiled = compiling.join();
        } catch (RuntimeException e) { // CompletionException with the compiler's error, or cancelled by close
            if (closing.getAsBoolean()) {
                started.cancel(false);
                return false;
            }
            Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            starting = "starting: the rules did not compile: " + String.valueOf(t.getMessage()).replace('\n', ' ');
            LOG.error("the rules in {} did not compile at start; nothing is evaluated", label, t);
            started.completeExceptionally(t);
            return false;
        }
        if (closing.getAsBoolean()) {
            started.cancel(false);
            return false;
        }
        List<RuleProblem> refused = compiled instanceof DroolsRuleEngine d ? policy.apply(d) : List.of();
        if (!refused.isEmpty()) {
            RulesException e = new RulesException(refused);
            starting = "starting: the rules' policy does not fit: " + e.getMessage().replace('\n', ' ');
            LOG.error("the policy in {} does not fit this daemon; nothing is evaluated: {}", configured, e.getMessage());
            started.completeExceptionally(e);
            return false;
        }
        rules.started(compiled);
        LOG.info("rules compiled: {} rules from {}", rules.state().ruleCount(), label);
        return true;
    }

    /** The rules are live: readiness is no longer unknown for starting. */
    void live() {
        starting = null;
    }

    /** Why readiness is unknown while starting; null once the rules are live. */
    String starting() {
        return starting;
    }

    /** See {@link Daemon#started()}. */
    CompletableFuture<RuleEngine> started() {
        return started;
    }

    /** Stopping: an evaluation thread still waiting for the compile returns. */
    void cancel() {
        CompletableFuture<RuleEngine> pending = compiling;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
