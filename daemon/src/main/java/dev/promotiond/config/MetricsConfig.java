package dev.promotiond.config;

import dev.promotiond.facts.UptimeWindows;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A component's SLIs in Prometheus.
 *
 * @param selector label matchers that find its series (e.g. job=player-api); enables the built-in SLIs
 * @param slis     every SLI to query: the built-ins (when a selector is set) and the component's own templates
 *                 (and, with an uptime series, uptime_avg_* and uptime_count_* per window)
 * @param uptimeInterval the scrape interval of the uptime series (expected samples), or null without one
 */
public record MetricsConfig(Map<String, String> selector, List<SliQuery> slis, Duration uptimeInterval) {
    /**
     * Windows of the uptime derived from Prometheus queried by default: the ledger's default windows
     * ({@link UptimeWindows#DEFAULT}), by name. Other windows: {@link #withUptimeWindows}.
     */
    public static final Map<String, Duration> UPTIME_WINDOWS = uptimeWindows(UptimeWindows.DEFAULT);

    public MetricsConfig(Map<String, String> selector, List<SliQuery> slis) {
        this(selector, slis, null);
    }

    /** The windows by name, shortest first. */
    public static Map<String, Duration> uptimeWindows(UptimeWindows windows) {
        Map<String, Duration> m = new java.util.LinkedHashMap<>();
        for (int w = 0; w < windows.size(); w++) {
            m.put(windows.name(w), windows.duration(w));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    public MetricsConfig {
        selector = Map.copyOf(selector);
        slis = List.copyOf(slis);
    }
}
