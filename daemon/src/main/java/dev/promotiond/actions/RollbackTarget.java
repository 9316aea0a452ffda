package dev.promotiond.actions;

import dev.promotiond.store.ActionStore;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.LedgerView;
import dev.promotiond.store.Store;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The version to roll a component back to: the last one it ran before the version being rolled
 * back (from version changes the probes saw and from deployment records), skipping versions held
 * after an earlier rollback; null when there is none. Reads the store on every call, so it always
 * answers from the history and holds as they are now.
 */
public final class RollbackTarget {
    private final Clock clock;
    private final Ledger ledger;
    private final Store store;
    private final ActionStore actionStore;

    public RollbackTarget(Clock clock, Ledger ledger, Store store, ActionStore actionStore) {
        this.clock = clock;
        this.ledger = ledger;
        this.store = store;
        this.actionStore = actionStore;
    }

    /** @param rolledBack the version being rolled back; null for the version the probes see now */
    public String previousVersion(String component, String rolledBack) {
        String current = rolledBack;
        if (current == null) {
            LedgerView v = ledger.view(component, clock.instant());
            current = v == null ? null : v.version();
        }
        Set<String> held = new HashSet<>();
        actionStore.holds().stream().filter(h -> h.component().equals(component)).forEach(h -> held.add(h.version()));
        return previousVersion(store.history(component), current, held);
    }

    /** The last version in {@code history} that ran, is not {@code current} and is not held. */
    public static String previousVersion(List<HistoryEvent> history, String current, Set<String> held) {
        String previous = null;
        for (HistoryEvent h : history) {
            boolean ran = h.kind().equals("version") || EvidenceStore.DEPLOYMENT_KINDS.contains(h.kind());
            if (ran && h.version() != null && !h.version().equals(current) && !held.contains(h.version())) {
                previous = h.version();
            }
        }
        return previous;
    }
}
