package dev.promotiond.config;

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
    /** Windows of the uptime derived from Prometheus; the same as the probed windows. */
    public static final Map<String, Duration> UPTIME_WINDOWS = uptimeWindows();

    public MetricsConfig(Map<String, String> selector, List<SliQuery> slis) {
        this(selector, slis, null);
    }

    private static Map<String, Duration> uptimeWindows() {
        Map<String, Duration> m = new java.util.LinkedHashMap<>();
        m.put("1h", Duration.ofHours(1));
        m.put("24h", Duration.ofDays(1));
        m.put("7d", Duration.ofDays(7));
        return java.util.Collections.unmodifiableMap(m);
    }

    public MetricsConfig {
        selector = Map.copyOf(selector);
        slis = List.copyOf(slis);
    }
}
