package dev.promotiond.evidence;

import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import java.time.Instant;
import java.util.List;

/** What the API hands to the daemon: evidence uploads and deployment records. */
public interface Intake {
    EvidenceBook.Accepted evidence(String component, String version, String commit, String kind,
                                   List<EvidenceBook.Upload> files) throws EvidenceException;

    /** A component's uploads, newest first. */
    List<EvidenceStore.Stored> evidenceLog(String component, int limit);

    /**
     * A component's uploads with an id below {@code beforeId}, newest first (one page of the log).
     * The default reads the whole log; the store's intake asks the database for the page only.
     */
    default List<EvidenceStore.Stored> evidenceLog(String component, long beforeId, int limit) {
        return evidenceLog(component, Integer.MAX_VALUE).stream().filter(s -> s.id() < beforeId).limit(limit).toList();
    }

    /** @throws IllegalArgumentException naming the field when the record is malformed */
    HistoryEvent deploy(String component, String stage, String version, String type, Instant at);
}
