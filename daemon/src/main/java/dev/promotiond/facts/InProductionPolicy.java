package dev.promotiond.facts;

/**
 * What a component in Production must keep, and how the production guard acts, for one component,
 * resolved from the policy (component over group over default).
 *
 * @param closeWatch          after a version reaches Production: the close watch, the only time a breach rolls back
 * @param breachFor           a breach must hold this long, cycle after cycle, before the guard trips
 * @param maxRollbacksPerWatch automatic rollbacks of one component within the last close watch;
 *                            beyond it a breach pages only
 */
public record InProductionPolicy(String component, Threshold minUptime, Threshold uptimeWindow, Threshold minObserved,
                                 Threshold closeWatch, Threshold breachFor, Threshold maxRollbacksPerWatch) {

    /** The uptime window's name, as Uptime facts carry it ("7d", "14d"). */
    public String window() {
        return uptimeWindow.text();
    }
}
