package dev.promotiond.replay;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.PrometheusConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.UptimeWindows;
import dev.promotiond.promql.SliHistory;
import dev.promotiond.store.Store;
import dev.promotiond.store.StoreHistory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code rules replay} over a store file: reads its history (and the SLIs' from Prometheus, when one
 * is given), runs both rule sets over it and prints every verdict that differs, then a summary.
 *
 * @param store         the daemon's SQLite store, opened read only
 * @param components    the config's components
 * @param source        Prometheus to read SLI history from; null for none (SLA criteria unknown)
 * @param back          how far back from the newest probe outcome
 * @param every         the step between evaluations
 * @param alertmanagers how many Alertmanagers the config names
 */
public record StoreReplay(Path store, List<ComponentConfig> components, PrometheusConfig source, Duration back,
                          Duration every, int alertmanagers) {

    /**
     * Prints what {@code after} would have decided differently from {@code before}, labelled
     * {@code baseLabel} and {@code candidateLabel} in the summary.
     *
     * @return how many verdicts would change; 0 also when the store holds no probe outcomes
     */
    public int run(DroolsRuleEngine before, DroolsRuleEngine after, String baseLabel, String candidateLabel,
                   PrintWriter out) {
        try (Store s = Store.open(store)) {
            // the windows both policies ask for, so each side is judged on its own windows
            Set<Duration> windows = new TreeSet<>();
            for (DroolsRuleEngine e : List.of(before, after)) {
                if (e.policy() != null) {
                    windows.addAll(e.policy().windows());
                }
            }
            UptimeWindows uptimeWindows = windows.isEmpty() ? UptimeWindows.DEFAULT : UptimeWindows.of(windows);
            StoreHistory history = StoreHistory.read(s, back, uptimeWindows);
            Instant until = history.newest();
            if (until == null) {
                out.println("the store holds no probe outcomes; nothing to replay");
                out.flush();
                return 0;
            }
            until = until.truncatedTo(ChronoUnit.MINUTES);
            Instant from = until.minus(back);
            SliHistory slis = source == null
                    ? SliHistory.none(components, "no Prometheus configured", uptimeWindows)
                    : SliHistory.read(source, components, from, until, every, uptimeWindows); // uptime series too
            if (slis.queries() > 0 && source == null) {
                out.printf("SLIs: %d not queried: no Prometheus in the config and no --prometheus, so SLA criteria"
                        + " are unknown under both rule sets%n", slis.queries());
            } else if (slis.queries() > 0) {
                List<String> failed = slis.failures();
                out.printf("SLIs: %d range quer%s to %s, %d failed%s%n", slis.queries(), slis.queries() == 1 ? "y" : "ies",
                        source.url(), failed.size(),
                        failed.isEmpty() ? "" : " (" + failed.get(0) + (failed.size() > 1 ? ", …" : "") + ")");
            }
            List<Replay.Change> changes = Replay.run(history, components, at -> slis.at(at, every), before, after, from,
                    until, every, alertmanagers);
            for (Replay.Change c : changes) {
                out.printf("%s .. %s  %s  %s  %s: %s → %s%s%n", c.from(), c.to(), c.component(),
                        c.target().label(), c.criterion(), c.before(), c.after(),
                        c.reason().isEmpty() ? "" : "  (" + c.reason() + ")");
            }
            long evaluations = back.dividedBy(every) + 1;
            out.printf("%d verdict change%s over %d evaluations from %s to %s (baseline %s, candidate %s)%n",
                    changes.size(), changes.size() == 1 ? "" : "s", evaluations, from, until, baseLabel, candidateLabel);
            out.flush();
            return changes.size();
        }
    }
}
