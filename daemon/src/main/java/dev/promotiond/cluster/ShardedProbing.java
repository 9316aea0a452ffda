package dev.promotiond.cluster;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.store.Coordination;
import dev.promotiond.store.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probing shared among the live replicas: after each heartbeat {@link #rebalance} works out, with
 * {@link Shards}, which components this replica probes and adjusts its scheduler; a component it
 * gains is first refreshed from the store, so its run and soak continue where the previous owner
 * left them (the time no one probed is a gap: coverage, never DOWN). Components keep their phase
 * across owners ({@link ProbeScheduler#probeOnly}).
 *
 * <p>Handover: a replica that sees a new one stops probing the new one's components at once,
 * while the new one starts only when its first heartbeat is {@link #settle} old, after everyone
 * else has ticked, so no probe slot is written twice. A replica whose heartbeat is older than the
 * lease is not live: its components are probed by the others from their next heartbeat, within
 * lease + one heartbeat interval + one probe interval of its last probe.
 *
 * <p>One replica alone (SQLite, or a single PostgreSQL replica) probes everything from the start.
 */
public final class ShardedProbing {
    private static final Logger LOG = LoggerFactory.getLogger(ShardedProbing.class);

    private final ProbeScheduler scheduler;
    private final Ledger ledger;
    private final List<ComponentConfig> components;
    private final Set<String> names;
    private final Duration settle;
    private final Clock clock;
    private volatile Set<String> probing = Set.of();

    /**
     * @param heartbeat how often every replica heart-beats; a new replica waits one and a half of
     *                  these (so every other replica has ticked at least once since it appeared)
     */
    public ShardedProbing(ProbeScheduler scheduler, Ledger ledger, List<ComponentConfig> components, Duration heartbeat,
                   Clock clock) {
        this.scheduler = scheduler;
        this.ledger = ledger;
        this.components = List.copyOf(components);
        this.names = Set.copyOf(components.stream().filter(c -> c.health() != null).map(ComponentConfig::name).toList());
        this.settle = heartbeat.plus(heartbeat.dividedBy(2));
        this.clock = clock;
    }

    /**
     * Probes what {@code self} owns among {@code members} (the live replicas of its last heartbeat).
     * Called on the heartbeat thread after each heartbeat; not when the store could not be reached
     * (membership is then unknown and this replica keeps probing what it probed).
     */
    public synchronized void rebalance(String self, List<Coordination.Member> members) {
        Set<String> next = Shards.probedBy(self, members, settle, names);
        Set<String> gained = new HashSet<>(next);
        gained.removeAll(probing);
        if (!gained.isEmpty()) {
            ledger.refresh(gained, clock.instant());
        }
        if (!next.equals(probing)) {
            LOG.info("replica {} probes {} of {} components ({} replicas live; {} gained)", self, next.size(),
                    names.size(), members.size(), gained.size());
        }
        scheduler.probeOnly(components, next, clock.millis());
        probing = Set.copyOf(next);
    }

    /** The components this replica probes now. */
    public Set<String> probing() {
        return probing;
    }

    /** The configured components other replicas probe (or nobody, while none has a health check). */
    public Set<String> others() {
        Set<String> out = new HashSet<>();
        components.forEach(c -> out.add(c.name()));
        out.removeAll(probing);
        return out;
    }

    /** Reads what other replicas recorded into the ledger: the leader calls this before each evaluation. */
    public void refreshOthers() {
        ledger.refresh(others(), clock.instant());
    }

    public void stop() {
        scheduler.stop();
        probing = Set.of();
    }
}
