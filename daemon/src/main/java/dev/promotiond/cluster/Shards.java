package dev.promotiond.cluster;

import dev.promotiond.store.Coordination;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which live replica probes which component: rendezvous (highest-random-weight) hashing. Every
 * replica computes the same owner from the same list of replica ids, with no coordination beyond
 * the heartbeats; when a replica joins or leaves, only the components it wins or held move
 * (about 1/N of them), and the others keep their owner.
 *
 * <p>The weight is a 64-bit mix of a hash of the component and a hash of the replica id, both
 * FNV-1a over UTF-8 and finished by SplitMix64's mixer: stable across JVMs, versions and restarts
 * (no {@code String.hashCode} seeds, no {@code Random}).
 */
final class Shards {
    private Shards() {
    }

    /** The replica that owns {@code component} among {@code replicas}; null when there is none. */
    static String owner(String component, Collection<String> replicas) {
        long c = fnv(component);
        String best = null;
        long bestWeight = 0;
        for (String r : replicas) {
            long w = mix(c ^ Long.rotateLeft(fnv(r), 29));
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0
                    || (w == bestWeight && r.compareTo(best) < 0)) {
                best = r;
                bestWeight = w;
            }
        }
        return best;
    }

    /** The components of {@code components} that {@code self} owns among {@code replicas}, in their order. */
    static Set<String> owned(String self, Collection<String> replicas, Collection<String> components) {
        Set<String> out = new LinkedHashSet<>();
        for (String component : components) {
            if (self.equals(owner(component, replicas))) {
                out.add(component);
            }
        }
        return out;
    }

    /**
     * What {@code self} probes, given the live replicas of its last heartbeat: the components it
     * owns among all of them, once its own first heartbeat is at least {@code settle} old (one
     * heartbeat interval), so every other replica has seen it and stopped probing them; at once
     * when it is alone or the oldest of them (nobody probed before it). Nothing while it is not
     * among the live replicas.
     */
    static Set<String> probedBy(String self, List<Coordination.Member> members, Duration settle,
                                Collection<String> components) {
        Coordination.Member me = members.stream().filter(m -> m.id().equals(self)).findFirst().orElse(null);
        if (me == null) {
            return Set.of();
        }
        boolean oldest = members.stream().allMatch(m -> m.ageMillis() <= me.ageMillis());
        if (!oldest && me.ageMillis() < settle.toMillis()) {
            return Set.of();
        }
        return owned(self, members.stream().map(Coordination.Member::id).toList(), components);
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finalizer: every input bit flips about half the output bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
