package dev.promotiond.config;

import dev.promotiond.facts.Stage;
import java.util.List;
import java.util.Objects;

/**
 * One component as declared in the config file.
 *
 * @param stage  the declared current stage
 * @param health  how to probe it, or null when the daemon does not probe it (its uptime is unknown)
 * @param metrics its SLIs in Prometheus, or null when it has none
 * @param rollback how to roll it back when its production guard trips, or null (page only)
 * @param maturity a MATURITY.md whose header declares the stage (it overrides {@code stage} when it
 *                 can be read), or null
 */
public record ComponentConfig(String name, String group, Stage stage, List<String> dependencies, HealthCheck health,
                              MetricsConfig metrics, RollbackConfig rollback, java.nio.file.Path maturity) {

    public ComponentConfig(String name, String group, Stage stage, List<String> dependencies, HealthCheck health,
                           MetricsConfig metrics, RollbackConfig rollback) {
        this(name, group, stage, dependencies, health, metrics, rollback, null);
    }

    public ComponentConfig(String name, String group, Stage stage, List<String> dependencies, HealthCheck health,
                           MetricsConfig metrics) {
        this(name, group, stage, dependencies, health, metrics, null);
    }

    public ComponentConfig(String name, String group, Stage stage, List<String> dependencies, HealthCheck health) {
        this(name, group, stage, dependencies, health, null);
    }

    public ComponentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stage, "stage");
        group = group == null ? "" : group;
        dependencies = List.copyOf(dependencies);
    }
}
