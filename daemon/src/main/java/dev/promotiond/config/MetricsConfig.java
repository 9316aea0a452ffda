package dev.promotiond.config;

import java.util.List;
import java.util.Map;

/**
 * A component's SLIs in Prometheus.
 *
 * @param selector label matchers that find its series (e.g. job=player-api); enables the built-in SLIs
 * @param slis     every SLI to query: the built-ins (when a selector is set) and the component's own templates
 */
public record MetricsConfig(Map<String, String> selector, List<SliQuery> slis) {
    public MetricsConfig {
        selector = Map.copyOf(selector);
        slis = List.copyOf(slis);
    }
}
