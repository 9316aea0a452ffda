package dev.promotiond.probe;

import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component's recurring probe. A run whose previous probe has not reported yet is skipped,
 * so a slow endpoint never has more than one call in flight.
 */
final class ProbeSlot implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeSlot.class);

    private final String component;
    private final HealthCheck check;
    private final HealthProbe probe;
    private final Consumer<Observation> sink;
    private final AtomicBoolean inFlight = new AtomicBoolean();

    ProbeSlot(String component, HealthCheck check, HealthProbe probe, Consumer<Observation> sink) {
        this.component = component;
        this.check = check;
        this.probe = probe;
        this.sink = sink;
    }

    @Override
    public void run() {
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        try {
            probe.probe(component, check, observation -> {
                inFlight.set(false);
                sink.accept(observation);
            });
        } catch (RuntimeException e) {
            // A bug in one probe must not cancel this schedule (the executor drops a task that throws).
            inFlight.set(false);
            LOG.warn("probe of {} failed", component, e);
        }
    }

    boolean inFlight() {
        return inFlight.get();
    }
}
