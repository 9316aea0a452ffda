package dev.promotiond.config;

import java.util.Objects;

/**
 * One SLI of one component as a PromQL template, already checked for unknown placeholders.
 * Placeholders: {{component}}, {{selector}} (the component's label matchers, values escaped),
 * {{soak}} (the current soak's length as a PromQL duration, at least 5m), filled at query time.
 */
public record SliQuery(String component, String sli, String template) {
    public SliQuery {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(sli, "sli");
        Objects.requireNonNull(template, "template");
    }
}
