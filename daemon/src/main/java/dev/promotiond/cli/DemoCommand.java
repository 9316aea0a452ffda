package dev.promotiond.cli;

import dev.promotiond.engine.BundledRules;
import dev.promotiond.app.Daemon;
import dev.promotiond.demo.Demo;
import dev.promotiond.engine.DroolsRuleEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promotiond demo}: the daemon on its embedded default, no external service needed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the daemon against in-process demo components with a seeded week of history.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", defaultValue = "127.0.0.1:9400", paramLabel = "HOST:PORT",
            description = "address for /metrics and the API (default: ${DEFAULT-VALUE}; port 0 picks a free one)")
    String listen;

    @Option(names = "--rules", paramLabel = "DIR", description = "DRL folder (default: the bundled default criteria)")
    Path rules;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "send the demo's alerts (its failed soak, at least) to this Alertmanager, e.g. http://127.0.0.1:9093")
    java.net.URI alertmanager;

    @Option(names = "--prometheus", paramLabel = "URL",
            description = "a Prometheus that scrapes the demo components (job = component name,"
                    + " path /<name>/metrics on --components-listen); their SLIs then come from it")
    java.net.URI prometheus;

    @Option(names = "--components-listen", paramLabel = "HOST:PORT",
            description = "address of the demo components' /<name>/health and /<name>/metrics (default: a free loopback port)")
    String componentsListen;

    @Mixin
    LogFormatOption logFormat = new LogFormatOption();

    @Override
    public Integer call() throws Exception {
        logFormat.apply();
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new CliException(ExitCodes.ERROR, "--listen must be HOST:PORT, not " + listen);
        }
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.ERROR, "--listen port is not a number: " + listen);
        }
        Path work = Files.createTempDirectory("promotiond-demo");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(work)));
        Path ruleDir = rules != null ? rules : BundledRules.extractTo(work.resolve("rules"));
        if (rules == null && alertmanager == null) {
            Demo.writeDemoPolicy(ruleDir);
        }
        // the compile (1-2 s cold) runs on another core while the store is seeded and the endpoints start
        java.util.concurrent.CompletableFuture<DroolsRuleEngine> compiled = new java.util.concurrent.CompletableFuture<>();
        Thread compiler = new Thread(() -> {
            try {
                compiled.complete(RunCommand.compileRules(ruleDir));
            } catch (Throwable t) {
                compiled.completeExceptionally(t);
            }
        }, "promotiond-rules-compile");
        compiler.setDaemon(true);
        compiler.start();
        Path storeFile = work.resolve("promotiond.db");
        Clock clock = Clock.systemUTC();
        Demo.seed(storeFile, clock.instant());
        if (alertmanager != null && (alertmanager.getScheme() == null || !alertmanager.getScheme().startsWith("http")
                || alertmanager.getHost() == null)) {
            throw new CliException(ExitCodes.ERROR, "--alertmanager must be an http(s) URL, not " + alertmanager);
        }
        if (prometheus != null && (prometheus.getScheme() == null || !prometheus.getScheme().startsWith("http")
                || prometheus.getHost() == null)) {
            throw new CliException(ExitCodes.ERROR, "--prometheus must be an http(s) URL, not " + prometheus);
        }
        java.net.InetSocketAddress components = null;
        if (componentsListen != null) {
            int c = componentsListen.lastIndexOf(':');
            try {
                components = new java.net.InetSocketAddress(
                        componentsListen.substring(0, Math.max(0, c)).replace("[", "").replace("]", ""),
                        Integer.parseInt(componentsListen.substring(c + 1)));
            } catch (RuntimeException e) {
                throw new CliException(ExitCodes.ERROR, "--components-listen must be HOST:PORT, not " + componentsListen);
            }
        }
        Demo demo = Demo.start(host, port, storeFile, ruleDir, alertmanager, prometheus, components);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close));
        // the port opens now; the daemon's evaluation thread waits for the compile started above
        Daemon daemon = Daemon.probingOverHttp(demo.config(), clock, 64, () -> {
            try {
                return compiled.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }, Main.version());
        if (prometheus == null) {
            daemon.withSlis(demo.syntheticSlis(clock));
        }
        try {
            RunCommand.startOrFail(daemon, listen);
        } catch (CliException e) {
            demo.close();
            throw new CliException(e.exitCode, e.getMessage() + " (try --listen 127.0.0.1:0)");
        }
        demoBase = "http://127.0.0.1:" + demo.endpointPort();
        try {
            daemon.started().join(); // the summary below shows the first evaluation
        } catch (java.util.concurrent.CompletionException e) {
            daemon.close();
            demo.close();
            throw RunCommand.rulesFailed(e);
        } catch (java.util.concurrent.CancellationException stopping) {
            return ExitCodes.OK; // stopped (Ctrl-C) before the first evaluation
        }
        announce(daemon);
        RunCommand.waitForShutdown(daemon);
        return ExitCodes.OK;
    }

    private String demoBase;

    private void announce(Daemon daemon) {
        PrintWriter out = spec.commandLine().getOut();
        String base = "http://" + hostForUrl() + ":" + daemon.port();
        out.println("promotiond demo is running with " + daemon.components().size()
                + " demo components and a seeded week of history.");
        out.println("  components:  " + base + "/api/v1/components");
        out.println("  readiness:   " + base + "/api/v1/components/catalog-api/readiness?target=production");
        out.println("  metrics:     " + base + "/metrics");
        out.println("  endpoints:   demo components at " + demoBase + "/<name>/health and /<name>/metrics");
        out.println("  CI gate:     java -jar daemon/target/promotiond.jar check --url " + base
                + " --component catalog-api --target production");
        if (daemon.last() == null) {
            out.println("  (the first evaluation failed; see the log: readiness is unknown until one succeeds)");
        }
        java.util.Optional.ofNullable(daemon.last()).map(e -> e.components()).orElse(java.util.List.of()).forEach(c -> {
            dev.promotiond.facts.Stage next = c.currentStage() == dev.promotiond.facts.Stage.DEVELOPMENT
                    ? dev.promotiond.facts.Stage.STAGING : dev.promotiond.facts.Stage.PRODUCTION;
            out.printf("  %-15s %-11s → %-10s %-9s soak: %s%n", c.name(), c.currentStage().label(), next.label() + ":",
                    c.target(next).state().label(), c.soakVerdict() == null ? "-" : c.soakVerdict().state().label());
        });
        if (alertmanager != null) {
            out.println("  alerts:      sent to " + alertmanager + " (see " + alertmanager + "/#/alerts)");
        } else if (rules == null) {
            out.println("  alerts:      recorded only (" + base + "/api/v1/actions); the alert route is waived by the demo's"
                    + " own policy, rules/" + Demo.POLICY_FILE);
        }
        if (prometheus == null) {
            out.println("  SLIs:        synthetic, from the demo's traffic (source \"demo\"); --prometheus URL queries a real one");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private String hostForUrl() {
        String host = listen.substring(0, listen.lastIndexOf(':'));
        return host.isEmpty() || host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort: a temp folder; SQLite may remove its -wal file while the walk runs
        }
        if (Files.exists(dir)) {  // a second pass for what the first one met half-deleted
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // best effort
            }
        }
    }
}
