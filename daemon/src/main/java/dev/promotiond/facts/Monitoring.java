package dev.promotiond.facts;

import java.util.Objects;

/**
 * What the daemon itself knows about a component's monitoring set-up, so that the rules can judge
 * "monitoring configured". Whether its SLIs resolve is told by its {@link Sli} facts.
 *
 * @param healthCheck   the daemon probes a health endpoint of the component
 * @param uptimeSeries  an uptime (0/1) series in Prometheus is configured for it
 * @param alertmanagers how many Alertmanagers the daemon sends its pages to (0: pages reach no one)
 */
public record Monitoring(String component, boolean healthCheck, boolean uptimeSeries, int alertmanagers) {
    public Monitoring {
        Objects.requireNonNull(component, "component");
        if (alertmanagers < 0) {
            throw new IllegalArgumentException("alertmanagers must be >= 0");
        }
    }

    public boolean alertRoute() {
        return alertmanagers > 0;
    }
}
