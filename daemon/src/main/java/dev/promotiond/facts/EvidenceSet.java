package dev.promotiond.facts;

import java.util.List;
import java.util.Objects;

/**
 * All of one component's newest evidence (one per kind and version), as one fact: rules join it on
 * the component name instead of accumulating {@link Evidence} facts, which keeps a 10,000-component
 * cycle cheap. The engine inserts one per component, empty when there is none.
 */
public record EvidenceSet(String component, List<Evidence> items) {
    public EvidenceSet {
        Objects.requireNonNull(component, "component");
        items = List.copyOf(items);
    }
}
