package dev.promotiond.testing;

import dev.promotiond.app.Daemon;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.engine.RulesException;
import dev.promotiond.probe.HttpHealthProbe;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * A real daemon for end-to-end tests: a config in a test folder with one component, {@code svc}
 * (group Tests), a store in that folder, a bearer token in {@code ./token}, listening on loopback
 * port 0. Each {@link #open()} or first {@link #start()} makes a new daemon with a new health probe
 * on the same config and store, so closing the daemon and opening again is a restart.
 *
 * <pre>{@code
 * OneComponentDaemon served = OneComponentDaemon.in(dir).stage("Staging").health(endpoints.url("svc")).write();
 * String url = served.start();
 * ...
 * served.close();
 * }</pre>
 */
public final class OneComponentDaemon implements AutoCloseable {
    /** The bearer token unless {@link Builder#token} names another. */
    public static final String TOKEN = "s3cret-token";
    /** The repository's rules, or the folder {@code -Dpromotiond.rules.dir} names. */
    public static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();

    private final DaemonConfig config;
    private final Clock clock;
    private final Path rules;
    private final Callable<? extends RuleEngine> compile;
    private final String token;
    private final Path tokenFile;
    private HttpHealthProbe probe;
    private Daemon daemon;

    private OneComponentDaemon(Builder b, DaemonConfig config, Path tokenFile) {
        this.config = config;
        this.clock = b.clock;
        this.rules = b.rules;
        this.compile = b.compile;
        this.token = b.token;
        this.tokenFile = tokenFile;
    }

    /** A config to be written in {@code dir}: {@code svc} in Development, not probed, the repository's rules. */
    public static Builder in(Path dir) {
        return new Builder(dir);
    }

    /** What the config says, and how the daemon is made; {@link #write()} writes the config and token. */
    public static final class Builder {
        private final Path dir;
        private String stage = "Development";
        private URI health;
        private String token = TOKEN;
        private Path rules = RULES;
        private String moreComponents = "";
        private Clock clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
        private Callable<? extends RuleEngine> compile;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** The stage {@code svc} is in ("Development", "Staging", "Production"). */
        public Builder stage(String stage) {
            this.stage = stage;
            return this;
        }

        /** Probes {@code svc} at {@code url} every 10s, its status at /status and version at /version. */
        public Builder health(URI url) {
            this.health = url;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder rules(Path rules) {
            this.rules = rules;
            return this;
        }

        /** More items of the {@code components:} list after {@code svc}, as YAML indented by two spaces. */
        public Builder moreComponents(String yaml) {
            this.moreComponents = yaml;
            return this;
        }

        /** The daemon's clock; by default a {@link ManualClock} at 2026-11-20T00:00:00Z. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Rules the daemon compiles itself when it starts ({@code start()} returns before they are
         * live); by default each daemon gets {@link #rules} compiled before it is made.
         */
        public Builder compiledBy(Callable<? extends RuleEngine> compile) {
            this.compile = compile;
            return this;
        }

        /** Writes {@code token} and {@code promotiond.yaml} into the folder and loads the config. */
        public OneComponentDaemon write() throws IOException, ConfigException {
            Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
            Path cfg = Files.writeString(dir.resolve("promotiond.yaml"), """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    auth: {token_file: ./token}
                    components:
                      - name: svc
                        group: Tests
                        stage: %s
                    """.formatted(rules, stage)
                    + (health == null ? ""
                    : "    health: {url: \"" + health + "\", interval: 10s, status: /status, version: /version}\n")
                    + moreComponents);
            return new OneComponentDaemon(this, ConfigLoader.load(cfg), tokenFile);
        }
    }

    /** A new daemon (with a new health probe), its store opened and its ledger rebuilt; not serving yet. */
    public Daemon open() throws RulesException {
        daemon = create();
        daemon.open();
        return daemon;
    }

    /**
     * Starts serving the daemon {@link #open()} made, or a new one when none is open; returns its
     * base URL ("http://127.0.0.1:PORT").
     */
    public String start() throws IOException, RulesException {
        if (daemon == null) {
            daemon = create();
        }
        daemon.start();
        return url();
    }

    private Daemon create() throws RulesException {
        // compiled before the probe is made, so that a bad rule leaves no probe open
        RuleEngine compiled = compile == null ? DroolsRuleEngine.compile(rules) : null;
        probe = new HttpHealthProbe(clock, 4);
        return compiled != null ? new Daemon(config, clock, probe, compiled, "test")
                : new Daemon(config, clock, probe, compile, "test");
    }

    public Daemon daemon() {
        return daemon;
    }

    /** The current daemon's health probe (the daemon closes it). */
    public HttpHealthProbe probe() {
        return probe;
    }

    public DaemonConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public String token() {
        return token;
    }

    public Path tokenFile() {
        return tokenFile;
    }

    /** The serving daemon's base URL. */
    public String url() {
        return "http://127.0.0.1:" + daemon.port();
    }

    /** Closes the current daemon, if any (closing it twice is harmless). */
    @Override
    public void close() {
        if (daemon != null) {
            daemon.close();
        }
    }
}
