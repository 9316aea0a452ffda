package dev.promotiond.probe;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Probes every component that has a health check at its interval. First runs are spread across
 * the interval by a hash of the name, so a fleet does not fire at one instant, and the spread is
 * the same on every restart. The executor belongs to the caller: {@link #stop()} cancels this
 * scheduler's tasks but does not shut it down.
 */
public final class ProbeScheduler {
    private final ScheduledExecutorService executor;
    private final HealthProbe probe;
    private final Consumer<Observation> sink;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

    public ProbeScheduler(ScheduledExecutorService executor, HealthProbe probe, Consumer<Observation> sink) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Schedules the components; fails if already started (stop first, e.g. on reload). */
    public synchronized void start(List<ComponentConfig> components) {
        if (!scheduled.isEmpty()) {
            throw new IllegalStateException("probe scheduler already started");
        }
        for (ComponentConfig component : components) {
            HealthCheck check = component.health();
            if (check == null) {
                continue;
            }
            long interval = check.interval().toMillis();
            if (interval <= 0) {
                throw new IllegalArgumentException("health interval of " + component.name() + " must be positive");
            }
            ProbeSlot slot = new ProbeSlot(component.name(), check, probe, sink);
            long offset = firstRunOffset(component.name(), check.interval()).toMillis();
            scheduled.add(executor.scheduleAtFixedRate(slot, offset, interval, TimeUnit.MILLISECONDS));
        }
    }

    /** Cancels future runs; probes already in flight still report. */
    public synchronized void stop() {
        scheduled.forEach(f -> f.cancel(false));
        scheduled.clear();
    }

    /** A stable delay in [0, interval) derived from the name; the multiply spreads similar names apart. */
    static Duration firstRunOffset(String name, Duration interval) {
        long millis = interval.toMillis();
        if (millis <= 0) {
            return Duration.ZERO;
        }
        long mixed = name.hashCode() * 0x9E3779B97F4A7C15L;
        return Duration.ofMillis(Math.floorMod(mixed ^ (mixed >>> 32), millis));
    }

    /**
     * Probes every health-checked component at once and returns when all have reported or maxWait
     * has passed. The sink is called from the probe's threads.
     */
    public static void probeAndWait(HealthProbe probe, List<ComponentConfig> components,
                                    Consumer<Observation> sink, Duration maxWait) {
        List<ComponentConfig> checked = components.stream().filter(c -> c.health() != null).toList();
        CountDownLatch reported = new CountDownLatch(checked.size());
        for (ComponentConfig component : checked) {
            probe.probe(component.name(), component.health(), observation -> {
                try {
                    sink.accept(observation);
                } finally {
                    reported.countDown();
                }
            });
        }
        try {
            reported.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
