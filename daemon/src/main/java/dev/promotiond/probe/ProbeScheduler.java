package dev.promotiond.probe;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
    /** What {@link #probeOnly} scheduled, by component. */
    private final Map<String, ScheduledFuture<?>> owned = new HashMap<>();

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

    /**
     * Probes exactly the components named in {@code names} from now on: the others' schedules are
     * cancelled (a probe in flight still reports) and the new ones scheduled; the ones kept are not
     * touched. A component's probes fall at the same offset within its interval counted from the
     * epoch ({@code nowMillis}'s), so a component handed from one replica to another keeps its phase:
     * the slot after the old owner's last probe is the new owner's first.
     */
    public synchronized void probeOnly(List<ComponentConfig> components, Set<String> names, long nowMillis) {
        owned.entrySet().removeIf(e -> {
            if (names.contains(e.getKey())) {
                return false;
            }
            e.getValue().cancel(false);
            return true;
        });
        for (ComponentConfig component : components) {
            HealthCheck check = component.health();
            if (check == null || !names.contains(component.name()) || owned.containsKey(component.name())) {
                continue;
            }
            long interval = check.interval().toMillis();
            if (interval <= 0) {
                throw new IllegalArgumentException("health interval of " + component.name() + " must be positive");
            }
            long offset = firstRunOffset(component.name(), check.interval()).toMillis();
            ProbeSlot slot = new ProbeSlot(component.name(), check, probe, sink);
            owned.put(component.name(), executor.scheduleAtFixedRate(slot, Math.floorMod(offset - nowMillis, interval),
                    interval, TimeUnit.MILLISECONDS));
        }
    }

    /** The components {@link #probeOnly} keeps probing. */
    public synchronized Set<String> probing() {
        return Set.copyOf(owned.keySet());
    }

    /** Cancels future runs; probes already in flight still report. */
    public synchronized void stop() {
        scheduled.forEach(f -> f.cancel(false));
        scheduled.clear();
        owned.values().forEach(f -> f.cancel(false));
        owned.clear();
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
