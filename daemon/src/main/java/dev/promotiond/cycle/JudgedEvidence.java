package dev.promotiond.cycle;

import dev.promotiond.facts.Component;
import dev.promotiond.facts.Evidence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which of the kept CI evidence a cycle hands on. The book keeps evidence for several versions of
 * each (component, kind); a criterion only ever reads the newest for the running version, and the
 * newest of any version to say what it is stale against. Handing the rules just those two keeps a
 * cycle's cost independent of how many versions are kept; the others wait for their version to run.
 */
final class JudgedEvidence {
    private JudgedEvidence() {
    }

    /** Per (component, kind): the newest evidence for the running version and the newest of any version. */
    static List<Evidence> forRules(List<Component> components, List<Evidence> evidence) {
        Map<String, String> running = new HashMap<>();
        components.forEach(c -> running.put(c.name(), c.version()));
        Map<String, Evidence> current = new LinkedHashMap<>();
        Map<String, Evidence> newest = new LinkedHashMap<>();
        for (Evidence e : evidence) {
            String key = e.component() + "\u0000" + e.kind();
            newest.merge(key, e, JudgedEvidence::newer);
            if (e.isFor(running.get(e.component()))) {
                current.merge(key, e, JudgedEvidence::newer);
            }
        }
        List<Evidence> out = new ArrayList<>(current.values());
        newest.forEach((key, e) -> {
            if (current.get(key) != e) {
                out.add(e);
            }
        });
        return out;
    }

    /**
     * One piece of evidence per kind, sorted by kind, for the outputs: the running version's when there
     * is one, else the newest, which the outputs then show as stale.
     */
    static List<Evidence> shown(Component fact, List<Evidence> evidence) {
        Map<String, Evidence> byKind = new TreeMap<>();
        for (Evidence e : evidence) {
            byKind.merge(e.kind(), e, (held, next) -> {
                boolean heldCurrent = fact != null && held.isFor(fact.version());
                boolean nextCurrent = fact != null && next.isFor(fact.version());
                return heldCurrent != nextCurrent ? (nextCurrent ? next : held) : newer(held, next);
            });
        }
        return List.copyOf(byKind.values());
    }

    /** The later received; the one seen first on a tie (the book lists the most recently pushed version first). */
    private static Evidence newer(Evidence held, Evidence next) {
        return next.receivedAt().isAfter(held.receivedAt()) ? next : held;
    }
}
