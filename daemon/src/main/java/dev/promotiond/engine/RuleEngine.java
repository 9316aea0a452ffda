package dev.promotiond.engine;

import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Verdicts;

/** Turns one instant's facts into verdicts. Implementations are safe to call from one thread at a time. */
public interface RuleEngine {
    Verdicts evaluate(Snapshot snapshot);

    /**
     * Asks the evaluation in progress, if any, to stop between two rule firings; safe to call from
     * another thread. A consequence stuck in a Java loop does not see it.
     */
    default void halt() {
    }

    /** The rule whose consequence is running now, or null; safe to call from another thread. */
    default String firingRule() {
        return null;
    }
}
