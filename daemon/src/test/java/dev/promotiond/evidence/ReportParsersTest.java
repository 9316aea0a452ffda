package dev.promotiond.evidence;

import static dev.promotiond.evidence.EvidenceSamples.bytes;
import static dev.promotiond.evidence.EvidenceSamples.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportParsersTest {
    private static ParsedReport generic(String file, String json) throws EvidenceException {
        return ReportParsers.parse(file, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void formatComesFromTheContentNotTheFileName() throws EvidenceException {
        assertThat(ReportParsers.parse("coverage.xml", bytes("pytest-junit.xml")).format()).isEqualTo(ReportFormat.JUNIT);
        assertThat(ReportParsers.parse("results.txt", bytes("bandit.json")).format()).isEqualTo(ReportFormat.BANDIT);
        assertThat(ReportParsers.parse("x", bytes("pyright.json")).format()).isEqualTo(ReportFormat.PYRIGHT);
    }

    @Test
    void byteOrderMarkAndLeadingWhitespaceAreSkipped() throws EvidenceException {
        byte[] json = "\uFEFF\n  {\"passed\": true}".getBytes(StandardCharsets.UTF_8);

        assertThat(ReportParsers.parse("p.json", json).values()).containsExactly(entry("passed", 1.0));
    }

    @Test
    void labelsAreStable() {
        assertThat(List.of(ReportFormat.values())).extracting(ReportFormat::label).containsExactly(
                "junit", "cobertura", "jacoco", "coverage.py-json", "bandit", "ruff", "pyright", "pip-audit", "osv-scanner",
                "pip-outdated", "npm-outdated", "blockers", "generic");
        assertThat(List.of(EvidenceKind.values())).extracting(EvidenceKind::label).containsExactly(
                "unit", "integration", "e2e", "lint", "types", "security", "docs", "rollback-test", "load-test",
                "vulnerabilities", "outdated", "blockers");
    }

    @Test
    void kindsParseFromTheirLabelsOnly() {
        assertThat(EvidenceKind.parse("rollback-test")).contains(EvidenceKind.ROLLBACK_TEST);
        assertThat(EvidenceKind.parse("ROLLBACK_TEST")).isEmpty();
        assertThat(EvidenceKind.parse(null)).isEmpty();
    }

    @Test
    void eachKindAcceptsTheFormatsThatSpeakToIt() {
        assertThat(EvidenceKind.UNIT.accepts()).containsExactlyInAnyOrder(ReportFormat.JUNIT, ReportFormat.COBERTURA,
                ReportFormat.JACOCO, ReportFormat.COVERAGE_PY_JSON, ReportFormat.GENERIC);
        assertThat(EvidenceKind.E2E.accepts()).isEqualTo(EvidenceKind.INTEGRATION.accepts());
        assertThat(EvidenceKind.LINT.accepts()).containsExactlyInAnyOrder(ReportFormat.RUFF, ReportFormat.GENERIC);
        assertThat(EvidenceKind.TYPES.accepts()).containsExactlyInAnyOrder(ReportFormat.PYRIGHT, ReportFormat.GENERIC);
        assertThat(EvidenceKind.SECURITY.accepts()).containsExactlyInAnyOrder(ReportFormat.BANDIT, ReportFormat.GENERIC);
        assertThat(EvidenceKind.LOAD_TEST.accepts()).containsExactly(ReportFormat.GENERIC);
        assertThatThrownBy(() -> EvidenceKind.DOCS.accepts().add(ReportFormat.RUFF))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void testCountsAddUpAcrossFiles() throws EvidenceException {
        Map<String, Double> unit = ReportParsers.combine(EvidenceKind.UNIT,
                List.of(parse("pytest-junit.xml"), parse("TEST-com.example.orders.OrderServiceTest.xml")));

        assertThat(unit).containsOnlyKeys("tests", "failures", "errors", "skipped", "passed", "duration_seconds");
        assertThat(unit).contains(entry("tests", 15.0), entry("failures", 3.0), entry("errors", 1.0),
                entry("skipped", 3.0), entry("passed", 8.0));
        assertThat(unit.get("duration_seconds")).isCloseTo(4.619, within(1e-9));
    }

    @Test
    void durationIsDroppedWhenAnyTestFileLacksIt() throws EvidenceException {
        ParsedReport untimed = ReportParsers.parse("b.xml", "<testsuite name=\"b\"><testcase name=\"t\"/></testsuite>"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(ReportParsers.combine(EvidenceKind.UNIT, List.of(parse("pytest-junit.xml"), untimed)))
                .doesNotContainKey("duration_seconds").containsEntry("tests", 10.0);
    }

    @Test
    void coveragePercentagesAreRecomputedFromSummedCounts() throws EvidenceException {
        Map<String, Double> unit = ReportParsers.combine(EvidenceKind.UNIT, List.of(
                parse("coverage-py-cobertura.xml"), parse("jacoco.xml"), parse("pytest-junit.xml")));

        assertThat(unit).contains(entry("lines_covered", 564.0), entry("lines_valid", 646.0),
                entry("branches_covered", 127.0), entry("branches_valid", 164.0), entry("tests", 9.0));
        assertThat(unit.get("line_coverage_percent")).isEqualTo(100.0 * 564 / 646);
        assertThat(unit.get("branch_coverage_percent")).isEqualTo(100.0 * 127 / 164);
    }

    @Test
    void singleCoverageFileKeepsItsOwnPercentages() throws EvidenceException {
        ParsedReport ratesOnly = ReportParsers.parse("old.xml", "<coverage line-rate=\"0.75\" branch-rate=\"0.5\"/>"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(ReportParsers.combine(EvidenceKind.INTEGRATION, List.of(ratesOnly)))
                .containsExactly(entry("branch_coverage_percent", 50.0), entry("line_coverage_percent", 75.0));
    }

    @Test
    void coverageWithoutCountsCannotBeMerged() throws EvidenceException {
        ParsedReport ratesOnly = ReportParsers.parse("old.xml", "<coverage line-rate=\"0.75\"/>".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ReportParsers.combine(EvidenceKind.UNIT, List.of(parse("jacoco.xml"), ratesOnly)))
                .isInstanceOf(EvidenceException.class)
                .hasMessage("old.xml: cannot merge coverage without line counts (the file states only a rate)");
    }

    @Test
    void genericChecksAndPassedHoldOnlyIfTheyHoldEverywhere() throws EvidenceException {
        Map<String, Double> docs = ReportParsers.combine(EvidenceKind.DOCS, List.of(
                parse("docs.json"),
                generic("more-docs.json", "{\"passed\":true,\"checks\":{\"readme\":false,\"runbook\":true}}"),
                generic("late.json", "{\"passed\":false}"),
                generic("later.json", "{\"passed\":true}")));

        assertThat(docs).containsExactly(entry("check.api_docs", 1.0), entry("check.changelog", 0.0),
                entry("check.readme", 0.0), entry("check.runbook", 1.0), entry("passed", 0.0));
    }

    @Test
    void laterGenericValuesOverrideEarlierOnes() throws EvidenceException {
        Map<String, Double> load = ReportParsers.combine(EvidenceKind.LOAD_TEST, List.of(
                parse("load-test.json"), generic("rerun.json", "{\"tool\":\"k6\",\"values\":{\"rps\":251.0}}")));

        assertThat(load).containsExactly(entry("error_ratio", 0.002), entry("p95_seconds", 0.31),
                entry("passed", 1.0), entry("rps", 251.0), entry("vus_max", 50.0));
    }

    @Test
    void formatTheKindDoesNotAcceptIsRejectedNamingTheFile() {
        assertThatThrownBy(() -> ReportParsers.combine(EvidenceKind.LINT, List.of(parse("ruff.json"), parse("pytest-junit.xml"))))
                .isInstanceOf(EvidenceException.class)
                .hasMessage("pytest-junit.xml: kind lint expects ruff JSON or generic JSON, got JUnit XML");
        assertThatThrownBy(() -> ReportParsers.combine(EvidenceKind.UNIT, List.of(parse("ruff-clean.json"))))
                .hasMessage("ruff-clean.json: kind unit expects JUnit XML, Cobertura XML, JaCoCo XML, coverage.py JSON "
                        + "or generic JSON, got ruff JSON");
        assertThatThrownBy(() -> ReportParsers.combine(EvidenceKind.ROLLBACK_TEST, List.of(parse("bandit.json"))))
                .hasMessage("bandit.json: kind rollback-test expects generic JSON, got bandit JSON");
    }

    @Test
    void cleanRuffRunIsLintEvidence() throws EvidenceException {
        assertThat(ReportParsers.combine(EvidenceKind.LINT, List.of(parse("ruff-clean.json"))))
                .containsExactly(entry("fixable", 0.0), entry("violations", 0.0));
    }

    @Test
    void genericValueMayNotShadowAStandardOne() {
        assertThatThrownBy(() -> ReportParsers.combine(EvidenceKind.UNIT, List.of(
                parse("pytest-junit.xml"), generic("extra.json", "{\"passed\":true}"))))
                .hasMessage("extra.json: generic value passed would clash with passed from JUnit XML");
    }

    @Test
    void noFilesIsNoEvidence() {
        assertThatThrownBy(() -> ReportParsers.combine(EvidenceKind.SECURITY, List.of()))
                .isInstanceOf(EvidenceException.class)
                .hasMessage("(no files): kind security needs at least one report");
    }

    @Test
    void combinedValuesAreSortedAndUnmodifiable() throws EvidenceException {
        Map<String, Double> security = ReportParsers.combine(EvidenceKind.SECURITY, List.of(parse("bandit.json")));

        assertThat(List.copyOf(security.keySet())).isSorted();
        assertThatThrownBy(() -> security.put("issues", 0.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parsedReportCopiesAndSortsItsValues() {
        Map<String, Double> values = new HashMap<>(Map.of("b", 2.0, "a", 1.0));
        ParsedReport report = new ParsedReport("f", ReportFormat.GENERIC, "generic", values);
        values.put("c", 3.0);

        assertThat(report.values()).containsExactly(entry("a", 1.0), entry("b", 2.0));
        assertThatThrownBy(() -> report.values().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new ParsedReport("f", ReportFormat.GENERIC, "g", Map.of("x", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionNamesTheFileThenTheReason() {
        EvidenceException e = new EvidenceException("junit.xml", "file is empty");

        assertThat(e.file()).isEqualTo("junit.xml");
        assertThat(e.reason()).isEqualTo("file is empty");
        assertThat(e).hasMessage("junit.xml: file is empty");
    }
}
