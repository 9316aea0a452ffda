package dev.promotiond.evidence;

import static dev.promotiond.evidence.EvidenceSamples.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** bandit, ruff and pyright JSON. */
class StaticAnalysisParserTest {
    private static ParsedReport parseText(String json) throws EvidenceException {
        return ReportParsers.parse("report.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void banditCountsEachResultBySeverityAndConfidence() throws EvidenceException {
        ParsedReport report = parse("bandit.json");

        assertThat(report.format()).isEqualTo(ReportFormat.BANDIT);
        assertThat(report.tool()).isEqualTo("bandit");
        assertThat(report.values()).containsExactly(
                entry("confidence_high", 5.0), entry("confidence_low", 1.0), entry("confidence_medium", 1.0),
                entry("high_severity_high_confidence", 2.0), entry("issues", 7.0), entry("scan_errors", 1.0),
                entry("severity_high", 2.0), entry("severity_low", 3.0), entry("severity_medium", 2.0));
    }

    /**
     * A real report of Debian's bandit 1.6.2 over a 16-line module: pickle.loads (B301) and
     * tempfile.mktemp (B306) are MEDIUM; imports of pickle and subprocess, an assert and a
     * subprocess call are LOW; nothing is HIGH.
     */
    @Test
    void banditReportWithOnlyMediumAndLowFindings() throws EvidenceException {
        ParsedReport report = parse("bandit-medium-only.json");

        assertThat(report.values()).contains(entry("issues", 7.0), entry("severity_high", 0.0),
                entry("severity_medium", 2.0), entry("severity_low", 5.0), entry("scan_errors", 0.0));
    }

    @Test
    void banditCountsResultsNotItsMetricsTotals() throws EvidenceException {
        ParsedReport report = parseText("""
                {"errors": [], "generated_at": "2024-05-02T10:15:31Z",
                 "metrics": {"_totals": {"SEVERITY.HIGH": 9, "CONFIDENCE.HIGH": 9}},
                 "results": [{"issue_severity": "LOW", "issue_confidence": "UNDEFINED", "test_id": "B101"}]}""");

        assertThat(report.values()).contains(entry("issues", 1.0), entry("severity_high", 0.0),
                entry("severity_low", 1.0), entry("confidence_high", 0.0), entry("confidence_low", 0.0));
    }

    @Test
    void cleanBanditRunIsAllZeros() throws EvidenceException {
        ParsedReport report = parseText("{\"errors\": [], \"metrics\": {\"_totals\": {}}, \"results\": []}");

        assertThat(report.values()).hasSize(9).allSatisfy((name, value) -> assertThat(value).isZero());
    }

    @Test
    void banditResultWithUnknownSeverityIsRejected() {
        assertThatThrownBy(() -> parseText("{\"metrics\": {}, \"results\": [{\"issue_severity\": \"CRITICAL\", \"issue_confidence\": \"HIGH\"}]}"))
                .hasMessageStartingWith("report.json: a bandit result has issue_severity \"CRITICAL\"; expected HIGH, MEDIUM, LOW or UNDEFINED");
        assertThatThrownBy(() -> parseText("{\"metrics\": {}, \"results\": [{\"issue_confidence\": \"HIGH\"}]}"))
                .hasMessageStartingWith("report.json: a bandit result has no issue_severity");
        assertThatThrownBy(() -> parseText("{\"metrics\": {}, \"results\": {}}"))
                .hasMessageStartingWith("report.json: bandit \"results\" must be an array");
    }

    @Test
    void ruffCountsViolationsAndThoseWithAFix() throws EvidenceException {
        ParsedReport report = parse("ruff.json");

        assertThat(report.format()).isEqualTo(ReportFormat.RUFF);
        assertThat(report.tool()).isEqualTo("ruff");
        assertThat(report.values()).containsExactly(entry("fixable", 2.0), entry("violations", 5.0));
    }

    @Test
    void emptyArrayIsACleanRuffRun() throws EvidenceException {
        ParsedReport report = parse("ruff-clean.json");

        assertThat(report.format()).isEqualTo(ReportFormat.RUFF);
        assertThat(report.values()).containsExactly(entry("fixable", 0.0), entry("violations", 0.0));
    }

    @Test
    void arrayOfSomethingElseIsNotTakenForRuff() {
        assertThatThrownBy(() -> parseText("[{\"code\": \"E1\", \"message\": \"m\", \"filename\": \"f.py\"}]"))
                .hasMessageStartingWith("report.json: a top-level JSON array must hold ruff diagnostics, but entry 1 has no \"location\"");
        assertThatThrownBy(() -> parseText("[1, 2]"))
                .hasMessageStartingWith("report.json: a top-level JSON array must hold ruff diagnostics, but entry 1 has no \"code\"");
    }

    @Test
    void pyrightTakesItsSummary() throws EvidenceException {
        ParsedReport report = parse("pyright.json");

        assertThat(report.format()).isEqualTo(ReportFormat.PYRIGHT);
        assertThat(report.tool()).isEqualTo("pyright");
        assertThat(report.values()).containsExactly(
                entry("errors", 2.0), entry("files_analyzed", 38.0), entry("information", 0.0), entry("warnings", 1.0));
    }

    @Test
    void pyrightSummaryWithoutCountsIsRejected() {
        assertThatThrownBy(() -> parseText("{\"version\": \"1.1.360\", \"generalDiagnostics\": [], \"summary\": {\"errorCount\": 0}}"))
                .hasMessageStartingWith("report.json: summary has no warningCount");
        assertThatThrownBy(() -> parseText("{\"generalDiagnostics\": [], \"summary\": {\"errorCount\": -2, \"warningCount\": 0, \"informationCount\": 0}}"))
                .hasMessageStartingWith("report.json: summary.errorCount must be a whole number ≥ 0, was -2");
    }
}
