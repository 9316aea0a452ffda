package dev.promotiond.testing;

import dev.promotiond.engine.BundledRules;
import dev.promotiond.app.Daemon;
import dev.promotiond.demo.Demo;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What {@code promotiond demo} runs, started by a test in its own folder: the bundled rules, a store
 * seeded with the synthetic week, the demo components and a started daemon on free loopback ports.
 */
public final class RunningDemo implements AutoCloseable {
    private final Path rules;
    private final Demo demo;
    private final Daemon daemon;

    private RunningDemo(Path rules, Demo demo, Daemon daemon) {
        this.rules = rules;
        this.demo = demo;
        this.daemon = daemon;
    }

    public static RunningDemo start(Path dir) throws Exception {
        return start(dir, null, null, null);
    }

    /**
     * @param alertmanager     where the demo's alerts go, or null
     * @param prometheus       the Prometheus its SLIs come from, or null
     * @param componentsListen where the demo components listen, or null for a free loopback port
     */
    public static RunningDemo start(Path dir, URI alertmanager, URI prometheus, InetSocketAddress componentsListen)
            throws Exception {
        Clock clock = Clock.systemUTC();
        Path rules = BundledRules.extractTo(dir.resolve("rules"));
        if (alertmanager == null) {
            Demo.writeDemoPolicy(rules);  // as `promotiond demo` does without --alertmanager
        }
        Path store = dir.resolve("demo.db");
        Demo.seed(store, clock.instant());
        Demo demo = Demo.start("127.0.0.1", 0, store, rules, alertmanager, prometheus, componentsListen);
        try {
            Daemon daemon = new Daemon(demo.config(), clock, new HttpHealthProbe(clock, 8), DroolsRuleEngine.compile(rules),
                    "test");
            if (prometheus == null) {
                daemon.withSlis(demo.syntheticSlis(clock));  // as `promotiond demo` does without --prometheus
            }
            daemon.start();
            return new RunningDemo(rules, demo, daemon);
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    /** The rules folder the daemon watches (a copy of the bundled rules). */
    public Path rules() {
        return rules;
    }

    public Demo demo() {
        return demo;
    }

    public Daemon daemon() {
        return daemon;
    }

    @Override
    public void close() {
        try {
            daemon.close();
        } finally {
            demo.close();
        }
    }
}
