package dev.promotiond.facts;

import java.util.List;
import java.util.Objects;

/**
 * A component as the rules see it at one instant.
 *
 * @param version               the running version last observed, or null when unknown
 * @param probed                whether the daemon probes this component's health itself
 * @param probeIntervalSeconds  the probe interval (0 when not probed)
 */
public record Component(String name, String group, Stage stage, String version, List<String> dependencies,
                        boolean probed, long probeIntervalSeconds) {
    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stage, "stage");
        group = group == null ? "" : group;
        dependencies = List.copyOf(dependencies);
    }
}
