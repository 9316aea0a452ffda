package dev.promotiond.facts;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance per distinct short text that many results repeat (thresholds, fact names). A cycle
 * for 10,000 components builds about 120,000 criterion results, and they stay reachable while the
 * rules run; letting them share "≥ 99.5% (coverage ≥ 90%)" rather than hold 10,000 equal copies keeps
 * that live set, and with it the collector's work, smaller. Bounded: when full it starts over, so
 * texts that stop recurring (a version in a reason) do not crowd out those that do. The bound holds
 * every distinct text of one cycle at 10,000 components (about 30,000: reasons, observed values and
 * fact names) with room to spare; a smaller one starts over several times in every cycle, and then
 * most lookups miss and insert again, which cost ~5% of the cycle (BENCHMARKS.md).
 */
final class SharedText {
    static final int LIMIT = 1 << 16;
    private static final ConcurrentHashMap<String, String> TEXTS = new ConcurrentHashMap<>();

    private SharedText() {
    }

    static String of(String text) {
        if (text == null || text.length() > 120) {
            return text;
        }
        String shared = TEXTS.get(text);
        if (shared != null) {
            return shared;
        }
        if (TEXTS.size() >= LIMIT) {
            TEXTS.clear();
        }
        shared = TEXTS.putIfAbsent(text, text);
        return shared == null ? text : shared;
    }

    static int size() {
        return TEXTS.size();
    }

    /** Forgets every text (tests). */
    static void clear() {
        TEXTS.clear();
    }
}
