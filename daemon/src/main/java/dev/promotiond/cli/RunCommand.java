package dev.promotiond.cli;

import dev.promotiond.app.Daemon;
import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RulesException;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promotiond run --config FILE}: validate everything, then serve until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon: probe, keep the ledger, evaluate the rules, serve /metrics and the API.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML config file")
    Path config;

    @Override
    public Integer call() throws Exception {
        DaemonConfig cfg = loadConfig(config);
        DroolsRuleEngine rules = compileRules(cfg.rules());
        Daemon daemon = new Daemon(cfg, Clock.systemUTC(), new HttpHealthProbe(Clock.systemUTC(), 256), rules,
                Main.version());
        startOrFail(daemon, cfg.listenHost() + ":" + cfg.listenPort());
        waitForShutdown(daemon);
        return ExitCodes.OK;
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
            daemon.start();
        } catch (IOException e) {
            daemon.close();
            throw new CliException(ExitCodes.ERROR, "cannot listen on " + listen + ": " + e.getMessage());
        } catch (StoreException e) {
            daemon.close();
            throw new CliException(ExitCodes.ERROR, e.getMessage());
        }
    }

    /** Blocks until SIGTERM/SIGINT, then stops the daemon in order. */
    static void waitForShutdown(Daemon daemon) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "promotiond-shutdown"));
        stopped.await();
    }
}
