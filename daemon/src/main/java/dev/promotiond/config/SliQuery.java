package dev.promotiond.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One SLI of one component as a PromQL template, already checked for unknown placeholders.
 * Placeholders: {{component}}, {{selector}} (the component's label matchers, values escaped),
 * {{soak}} (the current soak's length as a PromQL duration, at least 5m), filled at query time.
 *
 * @param window how much of a version's own running time one answer covers (see
 *               {@link PromqlTemplate#window}); until that much passed, the SLI says nothing about
 *               the version. Zero for SLIs of the component rather than of a version (uptime).
 */
public record SliQuery(String component, String sli, String template, Duration window) {
    public SliQuery {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(sli, "sli");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("an SLI window must not be negative, was " + window);
        }
    }

    /** A version's SLI whose window is read from the template. */
    public SliQuery(String component, String sli, String template) {
        this(component, sli, template, PromqlTemplate.window(template));
    }
}
