package dev.promotiond.config;

import dev.promotiond.facts.UptimeWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A component's SLIs in Prometheus.
 *
 * @param selector label matchers that find its series (e.g. job=player-api); enables the built-in SLIs
 * @param slis     the component's own SLIs: the built-ins (when a selector is set) and its templates;
 *                 the uptime series' per-window queries are not among them ({@link #queries})
 * @param uptime   the component's 0/1 uptime series (e.g. {@code min(up{job="db"})}) as a template, or
 *                 null without one
 * @param uptimeInterval the scrape interval of the uptime series (expected samples, subquery step), or
 *                 null without one
 */
public record MetricsConfig(Map<String, String> selector, List<SliQuery> slis, String uptime,
                            Duration uptimeInterval) {
    /** Names of the uptime series' per-window queries start with these; no SLI of its own may. */
    public static final String UPTIME_AVG = "uptime_avg_";
    public static final String UPTIME_COUNT = "uptime_count_";

    public MetricsConfig(Map<String, String> selector, List<SliQuery> slis) {
        this(selector, slis, null, null);
    }

    public MetricsConfig {
        selector = Map.copyOf(selector);
        slis = List.copyOf(slis);
        if ((uptime == null) != (uptimeInterval == null)) {
            throw new IllegalArgumentException("an uptime series needs its scrape interval, and only it");
        }
        uptime = uptime == null ? null : uptime.strip();
    }

    /**
     * Every query to run with the uptime {@code windows} in use: the component's SLIs, then, with an
     * uptime series, its average ({@code uptime_avg_<window>}) and its sample count
     * ({@code uptime_count_<window>}) over each window, computed by Prometheus as subqueries at the
     * scrape interval (uptime = avg, coverage = count / expected samples). A window longer than
     * Prometheus keeps yields the samples it has, and the coverage says so.
     *
     * @param component the component's name (the queries' owner)
     */
    public List<SliQuery> queries(String component, UptimeWindows windows) {
        if (uptime == null) {
            return slis;
        }
        List<SliQuery> out = new ArrayList<>(slis);
        String step = Durations.format(uptimeInterval);
        for (int w = 0; w < windows.size(); w++) {
            String range = "[" + Durations.format(windows.duration(w)) + ":" + step + "]";
            // the component's uptime, judged with its coverage, not a version's: window zero
            out.add(new SliQuery(component, UPTIME_AVG + windows.name(w),
                    "avg_over_time((" + uptime + ")" + range + ")", Duration.ZERO));
            out.add(new SliQuery(component, UPTIME_COUNT + windows.name(w),
                    "count_over_time((" + uptime + ")" + range + ")", Duration.ZERO));
        }
        return List.copyOf(out);
    }
}
