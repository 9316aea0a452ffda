package dev.promotiond.cluster;

import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Coordination;
import dev.promotiond.store.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as one of the replicas sharing a store: it heart-beats, and leads while it holds
 * the leader's lease. {@link #tick()} runs every {@link #renewEvery()} (a fifth of the lease), on
 * one thread: it renews the lease it holds, or takes it once it is free or expired.
 *
 * <p>Leading is decided locally and conservatively: this process leads until its own deadline, the
 * start of its last successful renewal plus the lease minus a margin, which comes before the lease
 * expires in the database. Any failure to renew (the database is unreachable, or another replica
 * took the lease) ends leading at once. Every action is fenced again in the database
 * ({@link ActionStore#claimRollback}), so a process that believes it leads after a pause cannot
 * act twice either.
 *
 * <p>With the default lease of 10 s, a replica takes over from a leader killed with {@code kill -9}
 * after at most the lease plus one renewal interval: 12 s.
 */
public final class Replica {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final Coordination coordination;
    private final String id;
    private final String version;
    private final Duration lease;
    private final LongSupplier nanos;
    private final boolean localStore;
    private volatile String address = "";
    private volatile long epoch;
    private volatile long deadlineNanos;
    private volatile List<Coordination.Member> members = List.of();
    private volatile String unreachable;
    private volatile long leaseRenewedNanos;
    private Consumer<Boolean> onChange = leads -> { };

    /**
     * @param localStore the store is an SQLite file, so every replica runs on this host: a lease
     *                   whose holder's process is gone is taken at once instead of after it expires
     */
    public Replica(Coordination coordination, String id, String version, Duration lease, LongSupplier nanos,
            boolean localStore) {
        this.localStore = localStore;
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.id = id;
        this.version = version;
        this.lease = lease;
        this.nanos = nanos;
    }

    /** A name unique among replicas: host, process id and a random suffix (a restarted process is a new replica). */
    public static String newId() {
        return host() + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    private static volatile String host;

    /** This host's name, without a DNS lookup when the kernel or the environment says it (a lookup can hang). */
    private static String host() {
        String h = host;
        if (h != null) {
            return h;
        }
        try {
            h = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            h = System.getenv("HOSTNAME");
        }
        if (h == null || h.isEmpty()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                h = "host";
            }
        }
        host = h;
        return h;
    }

    /** Whether {@code holder} (an id from {@link #newId()}) names a process of this host that has ended. */
    static boolean deadOnThisHost(String holder) {
        String prefix = host() + "-";
        if (holder == null || !holder.startsWith(prefix)) {
            return false;
        }
        String[] rest = holder.substring(prefix.length()).split("-");
        if (rest.length != 2) {
            return false;
        }
        try {
            long pid = Long.parseLong(rest[0]);
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Told true when this replica starts leading and false when it stops; called on the ticking thread. */
    public Replica onLeadershipChange(Consumer<Boolean> listener) {
        this.onChange = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Where this replica's API is reached, as the replicas table shows it. */
    public void address(String address) {
        this.address = address;
    }

    public String id() {
        return id;
    }

    public Duration renewEvery() {
        return lease.dividedBy(5);
    }

    /** One heartbeat and one lease renewal or attempt; never throws. */
    public void tick() {
        tick(true);
    }

    private void tick(boolean mayTakeFromDead) {
        long start = nanos.getAsLong();
        try {
            coordination.heartbeat(id, address, version);
            long held = coordination.acquireOrRenew(id, epoch, lease.toMillis());
            members = coordination.members(lease.toMillis());
            unreachable = null;
            if (held > 0) {
                if (epoch != 0 && held != epoch && held != epoch + 1) {
                    stepDown("the lease expired and another replica held it meanwhile"); // then lead afresh
                }
                boolean gained = epoch == 0;
                epoch = held;
                leaseRenewedNanos = start;
                // leading ends locally one renewal interval before the lease can expire in the database
                deadlineNanos = start + lease.minus(renewEvery()).toNanos();
                if (gained) {
                    LOG.info("replica {} leads (epoch {})", id, held);
                    onChange.accept(true);
                }
            } else {
                Coordination.LeaseState lease = coordination.lease();
                if (mayTakeFromDead && localStore && lease != null && deadOnThisHost(lease.holder())) {
                    // an SQLite file is one host's: a holder whose process is gone (kill -9) cannot renew
                    coordination.release(lease.holder(), lease.epoch());
                    LOG.info("replica {} held the lease and its process is gone; taking over now", lease.holder());
                    tick(false);
                    return;
                }
                stepDown("replica " + (lease == null ? "?" : lease.holder()) + " holds the lease");
            }
        } catch (StoreException e) {
            unreachable = e.getMessage();
            stepDown(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("lease tick failed", e);
            stepDown(e.toString());
        }
    }

    private void stepDown(String why) {
        if (epoch != 0) {
            epoch = 0;
            deadlineNanos = 0;
            LOG.warn("replica {} stops leading: {}", id, why);
            onChange.accept(false);
        }
    }

    /** Whether this replica leads now (it holds the lease, within its local deadline). */
    public boolean leads() {
        return epoch != 0 && nanos.getAsLong() - deadlineNanos < 0;
    }

    /** The fence an action must pass, or null when this replica does not lead. */
    public ActionStore.Fence fence() {
        long e = epoch;
        return e != 0 && leads() ? new ActionStore.Fence(id, e) : null;
    }

    public long epoch() {
        return epoch;
    }

    /** Seconds since the lease was last renewed by this replica, or -1 when it does not lead. */
    public double leaseAgeSeconds() {
        return leads() ? (nanos.getAsLong() - leaseRenewedNanos) / 1e9 : -1;
    }

    /** The live replicas at the last tick, this one included, by id. */
    public List<Coordination.Member> members() {
        return members;
    }

    /** Why the store could not be reached at the last tick, or null when it could. */
    public String unreachable() {
        return unreachable;
    }

    /** Gives up the lease and leaves the live replicas, so another takes over at once; never throws. */
    public void leave() {
        long e = epoch;
        epoch = 0;
        try {
            if (e != 0) {
                coordination.release(id, e);
                LOG.info("replica {} stops leading: stopping, lease released (epoch {})", id, e);
            }
            coordination.leave(id);
        } catch (RuntimeException ex) {
            LOG.warn("could not release the lease on stop ({}); another replica takes over when it expires",
                    ex.getMessage());
        }
    }
}
