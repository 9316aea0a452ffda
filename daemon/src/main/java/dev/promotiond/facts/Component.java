package dev.promotiond.facts;

import java.util.List;
import java.util.Objects;

/**
 * A component as the rules see it at one instant.
 *
 * @param version               the running version last observed, or null when unknown
 * @param probed                whether the daemon probes this component's health itself
 * @param probeIntervalSeconds  the probe interval (0 when not probed)
 * @param probeFailure          the reason of the last probe when it was DOWN ("refused", "status 503"), else null
 */
public record Component(String name, String group, Stage stage, String version, List<String> dependencies,
                        boolean probed, long probeIntervalSeconds, String probeFailure) {
    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stage, "stage");
        group = group == null ? "" : group;
        dependencies = List.copyOf(dependencies);
    }

    /** A component whose last probe was UP, or that is not probed. */
    public Component(String name, String group, Stage stage, String version, List<String> dependencies,
                     boolean probed, long probeIntervalSeconds) {
        this(name, group, stage, version, dependencies, probed, probeIntervalSeconds, null);
    }

    /**
     * Why {@link #version()} is null, for explanations: a failing probe is the cause users need to see
     * first, not its symptom (an answer without a version).
     */
    public String versionUnknownBecause() {
        return probeFailure != null
                ? "the health probe fails (" + probeFailure + ") and there is no deployment record"
                : "no version in the health response and no deployment record";
    }
}
