package dev.promotiond.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Called from a test rule's consequence, so public: counts its firings and makes each one slow. */
public final class SpinCounter {
    /** Firings per component. */
    static final Map<String, AtomicLong> SPINS = new ConcurrentHashMap<>();

    private SpinCounter() {
    }

    /** Slow enough (1 ms a firing) that a halt, not the fire limit, is what stops the rule. */
    public static void spin(String component) {
        SPINS.computeIfAbsent(component, k -> new AtomicLong()).incrementAndGet();
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
