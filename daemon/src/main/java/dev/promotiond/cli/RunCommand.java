package dev.promotiond.cli;

import dev.promotiond.app.Daemon;
import dev.promotiond.app.StartFailure;
import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RulesException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code promotiond run --config FILE}: validate the config, serve at once, compile the rules on the
 * evaluation thread, then evaluate until stopped. Rules that do not compile at start stop the daemon
 * with exit code 2 and the compiler's file:line messages, as a config error does; readiness is
 * unknown ("starting: rules are compiling") until then. A config without {@code rules:} runs the
 * default rules bundled in the jar, and says so in the log.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon: probe, keep the ledger, evaluate the rules, serve /metrics and the API.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML config file")
    Path config;

    @Mixin
    LogFormatOption logFormat = new LogFormatOption();

    @Override
    public Integer call() throws Exception {
        logFormat.apply();
        DaemonConfig cfg = loadConfig(config);
        // compiles the config's rules folder, or the bundled default rules when it names none
        Daemon daemon = Daemon.probingOverHttp(cfg, Clock.systemUTC(), 256, Main.version());
        startOrFail(daemon, cfg.listenHost() + ":" + cfg.listenPort());
        waitForShutdown(daemon);
        return ExitCodes.OK;
    }

    /** What a failed start-up compile means to the user: exit 2 with the compiler's file:line messages. */
    static CliException rulesFailed(Throwable t) {
        if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CliException c) {
            return c;
        }
        if (t instanceof RulesException) {
            return new CliException(ExitCodes.ERROR, "rules do not compile:\n" + t.getMessage());
        }
        return new CliException(ExitCodes.ERROR, "rules do not compile: " + t);
    }

    static DaemonConfig loadConfig(Path file) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.ERROR, "invalid configuration:\n" + e.getMessage());
        }
    }

    static DroolsRuleEngine compileRules(Path dir) {
        try {
            return DroolsRuleEngine.compile(dir);
        } catch (RulesException e) {
            throw new CliException(ExitCodes.ERROR, "rules do not compile:\n" + e.getMessage());
        }
    }

    /** Starts the daemon; a port in use or an unreadable store is a message and exit code 2. */
    static void startOrFail(Daemon daemon, String listen) {
        try {
            StartFailure.start(daemon);
        } catch (StartFailure e) {
            throw new CliException(ExitCodes.ERROR, e.port() ? "cannot listen on " + listen + ": " + e.getMessage()
                    : e.getMessage());
        }
    }

    /**
     * Blocks until SIGTERM/SIGINT, then stops the daemon in order; or until the start-up rules fail to
     * compile, then stops it and throws the exit-2 error naming file:line.
     */
    static void waitForShutdown(Daemon daemon) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // a shutdown hook cannot tell which signal came; the JVM runs hooks on SIGTERM, SIGINT and exit
            LOG.info("stop signal received (SIGTERM or SIGINT): shutting down");
            long start = System.nanoTime();
            daemon.close();
            LOG.info("shut down in {} ms", (System.nanoTime() - start) / 1_000_000);
            stopped.countDown();
        }, "promotiond-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        daemon.started().whenComplete((rules, failure) -> {
            if (failure != null) {
                stopped.countDown();
            }
        });
        stopped.await();
        if (daemon.started().isCompletedExceptionally()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                return; // the hook closes the daemon
            }
            daemon.close();
            throw rulesFailed(daemon.started().handle((r, t) -> t).join());
        }
    }
}
