package dev.promotiond.app;

import dev.promotiond.config.ConfigProblem;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.Policy;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleProblem;
import dev.promotiond.facts.UptimeWindows;
import dev.promotiond.store.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uptime windows the policy asks for (plus 1h and 24h, which are always reported): the ledger
 * reports them, and Prometheus uptime series are queried over them. Taken from each policy that
 * compiles (at start and at every reload), within the store's retention.
 */
public final class PolicyWindows {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyWindows.class);

    private final DaemonConfig config;
    private final Clock clock;
    /** What {@link #use} was last given; null for the default windows. */
    private volatile List<Duration> asked;
    private volatile Ledger ledger;
    private volatile Sources sources;

    PolicyWindows(DaemonConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The ledger reports the windows in use from now on (called once it exists, before it loads). */
    void ledger(Ledger l) {
        List<Duration> a = asked;
        if (a != null) {
            l.windows(a, clock.instant());
        }
        ledger = l;
    }

    /** The SLI sources query the windows asked from now on (they start with the ledger's). */
    void sources(Sources s) {
        sources = s;
    }

    /**
     * Uses these windows: the ledger reports them from the next evaluation on, reading from the
     * store the older runs a longer window needs, and the sources query them at once. Call at any
     * time (a policy reload).
     *
     * @throws IllegalArgumentException naming the window when one is not whole minutes or is longer
     *         than {@code retention:}; the windows in use stay
     */
    public void use(Collection<Duration> windows) {
        UptimeWindows next = UptimeWindows.of(windows).within(config.retention()); // refuse before keeping it
        Ledger l = ledger;
        if (l != null) {
            l.windows(windows, clock.instant());
        }
        asked = List.copyOf(windows);
        Sources s = sources;
        if (s != null) {
            s.windows(next);
        }
    }

    /**
     * Takes the uptime windows the policy of {@code engine} asks for; a window the store's retention
     * cannot hold refuses the rules, at the policy's file:line:col. Rules without a policy keep the
     * windows in use.
     */
    List<RuleProblem> apply(DroolsRuleEngine engine) {
        Policy policy = engine.policy();
        if (policy == null) {
            return List.of();
        }
        List<RuleProblem> problems = new ArrayList<>();
        for (ConfigProblem p : policy.windowsWithin(config.retention())) {
            problems.add(new RuleProblem(p.file(), p.line(), p.column(), p.path() + ": " + p.message(), true));
        }
        if (problems.isEmpty()) {
            use(policy.windows());
            List<String> names = config.components().stream().map(c -> c.name()).toList();
            List<String> groups = config.components().stream().map(c -> c.group() == null ? "" : c.group()).toList();
            for (ConfigProblem p : policy.unmatched(names, groups)) {
                LOG.warn("{}", p);
            }
        }
        return problems;
    }
}
