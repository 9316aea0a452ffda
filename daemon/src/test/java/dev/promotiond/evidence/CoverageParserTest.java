package dev.promotiond.evidence;

import static dev.promotiond.evidence.EvidenceSamples.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CoverageParserTest {
    private static ParsedReport parseText(String text) throws EvidenceException {
        return ReportParsers.parse("coverage.xml", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void coveragePyCoberturaIsComputedFromItsCounts() throws EvidenceException {
        ParsedReport report = parse("coverage-py-cobertura.xml");

        assertThat(report.format()).isEqualTo(ReportFormat.COBERTURA);
        assertThat(report.tool()).isEqualTo("coverage.py");
        assertThat(report.values()).containsExactly(
                entry("branch_coverage_percent", 100.0 * 92 / 120), entry("branches_covered", 92.0),
                entry("branches_valid", 120.0), entry("line_coverage_percent", 100.0 * 412 / 480),
                entry("lines_covered", 412.0), entry("lines_valid", 480.0));
    }

    @Test
    void coberturaFromAnotherToolIsCalledCobertura() throws EvidenceException {
        ParsedReport report = parseText("""
                <?xml version="1.0"?>
                <coverage line-rate="0.5" branch-rate="0" lines-covered="5" lines-valid="10" branches-covered="0" branches-valid="0" version="gcovr 7.2"/>""");

        assertThat(report.tool()).isEqualTo("cobertura");
        assertThat(report.values()).containsExactly(
                entry("line_coverage_percent", 50.0), entry("lines_covered", 5.0), entry("lines_valid", 10.0));
    }

    @Test
    void ratesOnlyCoberturaGivesOnlyPercentages() throws EvidenceException {
        ParsedReport report = parseText("<coverage line-rate=\"0.8125\" branch-rate=\"0.5\" version=\"1.9\" timestamp=\"1\"/>");

        assertThat(report.values()).containsExactly(
                entry("branch_coverage_percent", 50.0), entry("line_coverage_percent", 81.25));
    }

    @Test
    void coberturaWithNoLinesTakesItsStatedRate() throws EvidenceException {
        ParsedReport report = parseText("<coverage lines-valid=\"0\" lines-covered=\"0\" line-rate=\"1\" branches-valid=\"0\" branches-covered=\"0\" branch-rate=\"0\"/>");

        assertThat(report.values()).containsExactly(
                entry("line_coverage_percent", 100.0), entry("lines_covered", 0.0), entry("lines_valid", 0.0));
    }

    @Test
    void coberturaWithoutAnyTotalsIsRejected() {
        assertThatThrownBy(() -> parseText("<coverage version=\"1\"><packages/></coverage>"))
                .hasMessageStartingWith("coverage.xml: Cobertura report has neither lines-covered/lines-valid nor line-rate");
    }

    @Test
    void moreCoveredThanValidIsRejected() {
        assertThatThrownBy(() -> parseText("<coverage lines-valid=\"10\" lines-covered=\"11\" line-rate=\"1.1\"/>"))
                .hasMessageContaining("line-rate=\"1.1\" is not between 0 and 1");
        assertThatThrownBy(() -> parseText("<coverage lines-valid=\"10\" lines-covered=\"11\"/>"))
                .hasMessageContaining("lines covered (11) exceeds lines valid (10)");
    }

    @Test
    void jacocoReportWithDoctypeIsReadFromItsReportLevelCounters() throws EvidenceException {
        ParsedReport report = parse("jacoco.xml");

        assertThat(report.format()).isEqualTo(ReportFormat.JACOCO);
        assertThat(report.tool()).isEqualTo("jacoco");
        assertThat(report.values()).containsExactly(
                entry("branch_coverage_percent", 100.0 * 35 / 44), entry("branches_covered", 35.0),
                entry("branches_valid", 44.0), entry("line_coverage_percent", 100.0 * 152 / 166),
                entry("lines_covered", 152.0), entry("lines_valid", 166.0));
        assertThat(report.values().get("line_coverage_percent")).isCloseTo(91.566, within(0.001));
    }

    @Test
    void jacocoWithoutBranchesHasNoBranchValues() throws EvidenceException {
        ParsedReport report = parseText("<report name=\"x\"><counter type=\"LINE\" missed=\"1\" covered=\"3\"/></report>");

        assertThat(report.values()).containsExactly(
                entry("line_coverage_percent", 75.0), entry("lines_covered", 3.0), entry("lines_valid", 4.0));
    }

    @Test
    void jacocoWithoutReportLevelLineCounterIsRejected() {
        assertThatThrownBy(() -> parseText("<report name=\"x\"><package name=\"p\"><counter type=\"LINE\" missed=\"1\" covered=\"3\"/></package></report>"))
                .hasMessage("coverage.xml: JaCoCo report has no report-level LINE counter (was anything analysed?)");
    }

    @Test
    void coveragePyJsonSeparatesLinesFromBranches() throws EvidenceException {
        ParsedReport report = parse("coverage.json");

        assertThat(report.format()).isEqualTo(ReportFormat.COVERAGE_PY_JSON);
        assertThat(report.tool()).isEqualTo("coverage.py");
        assertThat(report.values()).containsExactly(
                entry("branch_coverage_percent", 100.0 * 92 / 120), entry("branches_covered", 92.0),
                entry("branches_valid", 120.0), entry("line_coverage_percent", 100.0 * 412 / 480),
                entry("lines_covered", 412.0), entry("lines_valid", 480.0));
    }

    @Test
    void coveragePyJsonWithoutBranchMeasurementHasNoBranchValues() throws EvidenceException {
        ParsedReport report = ReportParsers.parse("coverage.json", """
                {"meta": {"format": 3, "version": "7.4.4", "branch_coverage": false},
                 "files": {}, "totals": {"covered_lines": 9, "num_statements": 12, "percent_covered": 75.0}}"""
                .getBytes(StandardCharsets.UTF_8));

        assertThat(report.values()).containsExactly(
                entry("line_coverage_percent", 75.0), entry("lines_covered", 9.0), entry("lines_valid", 12.0));
    }

    @Test
    void coveragePyJsonWithNoStatementsTakesItsStatedPercent() throws EvidenceException {
        ParsedReport report = ReportParsers.parse("coverage.json",
                "{\"meta\":{},\"totals\":{\"covered_lines\":0,\"num_statements\":0,\"percent_covered\":100.0}}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(report.values()).containsEntry("line_coverage_percent", 100.0);
    }

    @Test
    void coveragePyJsonWithoutCountsIsRejected() {
        assertThatThrownBy(() -> ReportParsers.parse("coverage.json",
                "{\"meta\":{},\"totals\":{\"percent_covered\":90}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("coverage.json: totals has no covered_lines");
        assertThatThrownBy(() -> ReportParsers.parse("coverage.json",
                "{\"meta\":{},\"totals\":{\"covered_lines\":\"all\",\"num_statements\":3}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("coverage.json: totals.covered_lines must be a whole number ≥ 0, was \"all\"");
    }
}
