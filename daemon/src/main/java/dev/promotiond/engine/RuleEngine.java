package dev.promotiond.engine;

import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Verdicts;

/** Turns one instant's facts into verdicts. Implementations are safe to call from one thread at a time. */
public interface RuleEngine {
    Verdicts evaluate(Snapshot snapshot);
}
