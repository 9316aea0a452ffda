package dev.promotiond.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.promotiond.store.EvidenceStore;
import java.util.List;

/** One upload in the evidence log: its id, the evidence read from it, and the file names it came in. */
record EvidenceEntry(long id, @JsonUnwrapped EvidenceView evidence, List<String> files) {

    static EvidenceEntry of(EvidenceStore.Stored s, String judged) {
        return new EvidenceEntry(s.id(), EvidenceView.of(s.evidence(), judged), s.files());
    }
}
