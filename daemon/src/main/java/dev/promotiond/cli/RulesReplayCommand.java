package dev.promotiond.cli;

import dev.promotiond.replay.StoreReplay;
import dev.promotiond.engine.RulesFolder;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.Durations;
import dev.promotiond.config.PrometheusConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RulesException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond rules replay}: what would candidate rules have decided over the stored history?
 * Prints every verdict that differs from the rules in use, with when; exit 0 when none would
 * change, 1 when some would, 2 on errors.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-evaluate stored history with candidate rules and list every verdict that would change.",
            "Facts are rebuilt from the store at each step (minute resolution). SLIs come from Prometheus's"
                    + " history (range queries) when the config names a Prometheus or --prometheus is given;"
                    + " without one, SLA criteria are unknown under both rule sets."})
final class RulesReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rules", required = true, paramLabel = "DIR", description = "the candidate rules folder")
    Path rules;

    @Option(names = "--store", required = true, paramLabel = "FILE", description = "the daemon's SQLite store (read only)")
    Path store;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the daemon's config: components, dependencies, probe intervals and the rules in use")
    Path config;

    @Option(names = "--baseline", paramLabel = "DIR",
            description = "the rules in use (default: the config's rules, which are the bundled default rules when it"
                    + " names none; without --config ./rules, else the bundled rules)")
    Path baseline;

    @Option(names = "--since", defaultValue = "7d", paramLabel = "DURATION", description = "how far back (default: ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--prometheus", paramLabel = "URL",
            description = "Prometheus to read SLI history from (default: the config's prometheus.url)")
    URI prometheus;

    @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
            description = "per range query to Prometheus (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--step", defaultValue = "1h", paramLabel = "DURATION", description = "evaluate every (default: ${DEFAULT-VALUE})")
    String step;

    @Override
    public Integer call() {
        Duration back = duration("--since", since);
        Duration every = duration("--step", step);
        if (back.dividedBy(every) > 100_000) {
            throw new CliException(ExitCodes.ERROR, "--since/--step gives more than 100000 evaluations; use a larger --step");
        }
        List<ComponentConfig> components = List.of();
        Path baseRules = baseline;
        boolean bundledBaseline = false;
        PrometheusConfig source = null;
        int alertmanagers = 0;
        if (config != null) {
            try {
                DaemonConfig cfg = ConfigLoader.load(config);
                components = cfg.components();
                source = cfg.prometheus();
                alertmanagers = cfg.actions().alertmanagers().size();
                if (baseRules == null) {
                    baseRules = cfg.rules();
                    bundledBaseline = cfg.bundledRules();
                }
            } catch (ConfigException e) {
                throw new CliException(ExitCodes.ERROR, e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        RulesFolder base;
        if (bundledBaseline) {
            out.println("baseline: the config names no rules folder, so the daemon runs " + RulesFolder.BUNDLED);
            base = RulesFolder.bundled();
        } else {
            base = RulesArgument.resolve(baseRules, out);
        }
        try (base) {
            return replay(base, components, source, alertmanagers, out);
        }
    }

    private Integer replay(RulesFolder base, List<ComponentConfig> components, PrometheusConfig source,
                           int alertmanagers, PrintWriter out) {
        Duration back = duration("--since", since);
        Duration every = duration("--step", step);
        if (prometheus != null) {
            if (config == null) {
                throw new CliException(ExitCodes.ERROR, "--prometheus needs --config: the SLI queries come from the"
                        + " components' metrics sections");
            }
            String scheme = prometheus.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || prometheus.getHost() == null) {
                throw new CliException(ExitCodes.ERROR, "--prometheus must be an http(s) URL, not " + prometheus);
            }
            source = new PrometheusConfig(prometheus, PrometheusConfig.DEFAULT_TIMEOUT,
                    source != null ? source.staleness() : PrometheusConfig.DEFAULT_STALENESS);
        }
        if (source != null) {
            // range queries over days take longer than the daemon's instant queries
            source = new PrometheusConfig(source.url(), duration("--timeout", timeout), source.staleness());
        }
        if (!Files.isRegularFile(store)) {
            throw new CliException(ExitCodes.ERROR, "--store " + store + ": no such file");
        }
        DroolsRuleEngine before = compile("baseline", base.dir());
        DroolsRuleEngine after = compile("candidate", rules);
        int changes = new StoreReplay(store, components, source, back, every, alertmanagers)
                .run(before, after, base.label(), String.valueOf(rules), out);
        return changes == 0 ? ExitCodes.OK : ExitCodes.NOT_READY;
    }

    private static Duration duration(String option, String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ERROR, option + " " + text + ": " + e.getMessage());
        }
    }

    private static DroolsRuleEngine compile(String which, Path dir) {
        try {
            return DroolsRuleEngine.compile(dir);
        } catch (RulesException e) {
            throw new CliException(ExitCodes.ERROR, which + " rules in " + dir + " do not compile:\n" + e.getMessage());
        }
    }
}
