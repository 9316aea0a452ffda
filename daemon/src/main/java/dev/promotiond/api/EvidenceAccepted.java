package dev.promotiond.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.promotiond.evidence.EvidenceBook;
import dev.promotiond.evidence.ParsedReport;
import dev.promotiond.facts.Evidence;
import java.util.List;
import java.util.Map;

/** The 201 answer to an evidence upload: what was stored and what was read from each file. */
record EvidenceAccepted(long id, String kind, String version, String commit, String tool, String receivedAt,
                        String sha256, Map<String, Double> values,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> notes, List<Report> files) {

    record Report(String file, String format, String tool, Map<String, Double> values) {
    }

    static EvidenceAccepted of(EvidenceBook.Accepted a) {
        Evidence e = a.evidence();
        List<Report> reports = a.reports().stream()
                .map((ParsedReport r) -> new Report(r.file(), r.format().label(), r.tool(), r.values())).toList();
        return new EvidenceAccepted(a.id(), e.kind(), e.version(), e.commit(), e.tool(), ApiTime.text(e.receivedAt()),
                e.sha256(), e.values(), e.notes().isEmpty() ? null : e.notes(), reports);
    }
}
