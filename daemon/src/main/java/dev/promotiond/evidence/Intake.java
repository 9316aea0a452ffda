package dev.promotiond.evidence;

import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import java.time.Instant;
import java.util.List;

/** What the API hands to the daemon: evidence uploads and deployment records. */
public interface Intake {
    EvidenceBook.Accepted evidence(String component, String version, String commit, String kind,
                                   List<EvidenceBook.Upload> files) throws EvidenceException;

    /** A component's uploads with an id below {@code beforeId}, newest first: one page of the log. */
    List<EvidenceStore.Stored> evidenceLog(String component, long beforeId, int limit);

    /** @throws IllegalArgumentException naming the field when the record is malformed */
    HistoryEvent deploy(String component, String stage, String version, String type, Instant at);
}
