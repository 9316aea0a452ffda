package dev.promotiond.probe;

import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import java.util.function.Consumer;

/** Probes one component's health endpoint. */
public interface HealthProbe {
    /**
     * Starts one probe and returns without waiting for it. The sink is called exactly once, from
     * any thread, with an UP or DOWN observation; endpoint failures (refused, timeout, bad body)
     * become DOWN observations and are never thrown.
     */
    void probe(String component, HealthCheck check, Consumer<Observation> sink);
}
