package dev.promotiond.facts;

/**
 * The thresholds of Staging → Production for one component, resolved from the policy (component
 * over group over default).
 *
 * @param soak            observed soak time required in Staging (seconds)
 * @param uptimeWindow    the trailing window the uptime is judged over; {@link #window()} is its name
 * @param minObserved     below this share of the window's probe slots observed, uptime is unknown
 * @param maxErrorBudget  the share of the soak that may be DOWN; derived from {@code minUptime}
 *                        unless the policy sets it
 * @param vulnerabilitiesFailAt dependency vulnerabilities of this severity or higher count
 */
public record ToProductionPolicy(String component, Threshold minIntegrationCoverage, Threshold soak,
                                 Threshold minUptime, Threshold uptimeWindow, Threshold minObserved,
                                 Threshold maxErrorBudget, Threshold securityFailAt, Threshold maxSecurityFindings,
                                 Threshold vulnerabilitiesFailAt, Threshold maxVulnerabilities,
                                 Threshold maxOutdatedDependencies) {

    /** The uptime window's name, as Uptime facts carry it ("7d", "14d"). */
    public String window() {
        return uptimeWindow.text();
    }
}
