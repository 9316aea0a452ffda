package dev.promotiond.evidence;

import static dev.promotiond.evidence.EvidenceSamples.bytes;
import static dev.promotiond.evidence.EvidenceSamples.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pip-audit and OSV-Scanner JSON, pip and npm outdated lists, and blocker lists. */
class SupplyChainParserTest {
    private static ParsedReport parseText(EvidenceKind kind, String json) throws EvidenceException {
        return ReportParsers.parse(kind, "report.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pipAuditRanksNothingSoEveryVulnerabilityIsOfUnknownSeverity() throws EvidenceException {
        ParsedReport report = parse("pip-audit.json");

        assertThat(report.format()).isEqualTo(ReportFormat.PIP_AUDIT);
        assertThat(report.tool()).isEqualTo("pip-audit");
        assertThat(report.values()).containsExactly(entry("dependencies", 4.0), entry("severity_critical", 0.0),
                entry("severity_high", 0.0), entry("severity_low", 0.0), entry("severity_medium", 0.0),
                entry("severity_unknown", 3.0), entry("skipped_dependencies", 1.0), entry("vulnerabilities", 3.0));
        assertThat(report.notes()).containsExactly("unknown GHSA-h5c8-rqwp-cp95 (jinja2 3.1.2)",
                "unknown GHSA-h75v-3vvj-5mfj (jinja2 3.1.2)", "unknown PYSEC-2024-60 (requests 2.31.0)");
    }

    @Test
    void cleanPipAuditRunCountsNoVulnerabilities() throws EvidenceException {
        ParsedReport report = parse("pip-audit-clean.json");

        assertThat(report.values()).contains(entry("vulnerabilities", 0.0), entry("severity_unknown", 0.0),
                entry("dependencies", 2.0));
        assertThat(report.notes()).isEmpty();
    }

    @Test
    void osvScannerCountsAGroupOfAliasesOnceAtItsHighestSeverity() throws EvidenceException {
        ParsedReport report = parse("osv-scanner.json");

        assertThat(report.format()).isEqualTo(ReportFormat.OSV_SCANNER);
        assertThat(report.tool()).isEqualTo("osv-scanner");
        assertThat(report.values()).containsExactly(entry("packages", 4.0), entry("severity_critical", 1.0),
                entry("severity_high", 1.0), entry("severity_low", 0.0), entry("severity_medium", 2.0),
                entry("severity_unknown", 1.0), entry("vulnerabilities", 5.0));
        assertThat(report.notes()).containsExactly("critical GHSA-8q59-q68h-6hv4/PYSEC-2021-142 (pyyaml 5.3)",
                "medium GHSA-v845-jxx5-vc9f (urllib3 1.26.17)", "medium GHSA-34jh-p97f-mpxf (urllib3 1.26.17)",
                "high GHSA-w3h3-4rj7-4ph4 (gunicorn 21.2.0)", "unknown PYSEC-2023-301 (legacy-report 0.9)");
    }

    @Test
    void osvScoreAloneRatesTheGroupAndTheHigherOfWordAndScoreWins() throws EvidenceException {
        ParsedReport report = parseText(EvidenceKind.VULNERABILITIES, """
                {"results": [{"packages": [{"package": {"name": "golang.org/x/net", "version": "0.17.0"},
                  "vulnerabilities": [{"id": "GO-2024-2687"}, {"id": "GHSA-1", "database_specific": {"severity": "LOW"}},
                                      {"id": "GO-2023-0001"}],
                  "groups": [{"ids": ["GO-2024-2687"], "max_severity": "7.5"}, {"ids": ["GHSA-1"], "max_severity": "9.1"}]}]}]}""");

        assertThat(report.values()).contains(entry("severity_high", 1.0), entry("severity_critical", 1.0),
                entry("severity_unknown", 1.0), entry("vulnerabilities", 3.0));
        assertThat(report.notes()).contains("unknown GO-2023-0001 (golang.org/x/net 0.17.0)");
    }

    @Test
    void cleanOsvScanCountsNoVulnerabilities() throws EvidenceException {
        assertThat(parse("osv-scanner-clean.json").values()).contains(entry("vulnerabilities", 0.0),
                entry("severity_critical", 0.0), entry("severity_unknown", 0.0));
    }

    @Test
    void malformedVulnerabilityReportsNameThePlace() {
        assertThatThrownBy(() -> parse("osv-scanner-bad-group.json")).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("osv-scanner-bad-group.json")
                .hasMessageContaining("results[0].packages[0].groups[0] must be an object with a non-empty \"ids\" array");
        assertThatThrownBy(() -> parse("pip-audit-no-id.json")).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("pip-audit-no-id.json").hasMessageContaining("dependencies[0].vulns[0] has no id");
        assertThatThrownBy(() -> parseText(null, "{\"dependencies\": {}, \"fixes\": []}"))
                .hasMessageContaining("pip-audit \"dependencies\" must be an array");
        assertThatThrownBy(() -> parseText(null, "{\"results\": [{\"packages\": [{\"vulnerabilities\": []}]}]}"))
                .hasMessageContaining("results[0].packages[0] has no package");
    }

    @Test
    void anotherToolsResultsNeverReadAsACleanScan() {
        assertThatThrownBy(() -> parseText(EvidenceKind.VULNERABILITIES,
                "{\"errors\": [], \"results\": [{\"issue_severity\": \"HIGH\", \"issue_confidence\": \"HIGH\"}]}"))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("OSV-Scanner results[0] has no \"packages\"");
    }

    @Test
    void pipOutdatedListsEachPackageWithItsLatestVersion() throws EvidenceException {
        ParsedReport report = parse("pip-outdated.json");

        assertThat(report.format()).isEqualTo(ReportFormat.PIP_OUTDATED);
        assertThat(report.values()).containsExactly(entry("outdated", 3.0));
        assertThat(report.notes()).containsExactly("certifi 2024.2.2 → 2024.8.30", "requests 2.31.0 → 2.32.3",
                "SQLAlchemy 1.4.52 → 2.0.35");
    }

    @Test
    void npmOutdatedListsEachPackageAndOnesNotInstalled() throws EvidenceException {
        ParsedReport report = parse("npm-outdated.json");

        assertThat(report.format()).isEqualTo(ReportFormat.NPM_OUTDATED);
        assertThat(report.values()).containsExactly(entry("outdated", 3.0));
        assertThat(report.notes()).containsExactly("express 4.18.2 → 4.21.1", "lodash 4.17.20 → 4.17.21",
                "react (not installed) → 18.3.1");
    }

    @Test
    void emptyListsMeanNothingOutdatedOrBlockingWhenTheKindSaysSo() throws EvidenceException {
        assertThat(parseText(EvidenceKind.OUTDATED, "[]").format()).isEqualTo(ReportFormat.PIP_OUTDATED);
        assertThat(parseText(EvidenceKind.OUTDATED, "[]").values()).containsExactly(entry("outdated", 0.0));
        assertThat(parseText(EvidenceKind.OUTDATED, "{}").format()).isEqualTo(ReportFormat.NPM_OUTDATED);
        assertThat(parseText(EvidenceKind.OUTDATED, "{}").values()).containsExactly(entry("outdated", 0.0));
        assertThat(parseText(EvidenceKind.BLOCKERS, "[]").values()).containsExactly(entry("blockers", 0.0));
        assertThat(parseText(EvidenceKind.LINT, "[]").format()).isEqualTo(ReportFormat.RUFF);
        assertThat(parseText(null, "[]").format()).isEqualTo(ReportFormat.RUFF);
    }

    @Test
    void malformedOutdatedListsNameThePlace() {
        assertThatThrownBy(() -> parseText(EvidenceKind.OUTDATED,
                "[{\"name\": \"requests\", \"version\": \"2.31.0\", \"latest_version\": \"2.32.3\"}, {\"name\": \"idna\", \"version\": \"3.6\"}]"))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("[1] has no latest_version");
        assertThatThrownBy(() -> parseText(EvidenceKind.OUTDATED, "{\"express\": {\"current\": \"4.18.2\"}}"))
                .hasMessageContaining("\"express\" has no latest");
        assertThatThrownBy(() -> parseText(EvidenceKind.OUTDATED, "{\"express\": {\"current\": \"4.18.2\", \"latest\": 5}, \"lodash\": 3}"))
                .hasMessageContaining("\"lodash\" must be an object with current, wanted and latest");
    }

    @Test
    void blockersAreCountedWithIdAndTitle() throws EvidenceException {
        ParsedReport report = parse("blockers.json");

        assertThat(report.format()).isEqualTo(ReportFormat.BLOCKER_LIST);
        assertThat(report.values()).containsExactly(entry("blockers", 2.0));
        assertThat(report.notes()).containsExactly("OPS-12 Change freeze until the payment audit closes",
                "4711 Checkout: card retries double-charge on timeout");
        assertThat(parse("blockers-none.json").values()).containsExactly(entry("blockers", 0.0));
    }

    @Test
    void malformedBlockerListsNameThePlace() {
        assertThatThrownBy(() -> parse("blockers-no-title.json")).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("blockers-no-title.json").hasMessageContaining("blockers[1] has no title");
        assertThatThrownBy(() -> parseText(EvidenceKind.BLOCKERS, "[\"OPS-12\"]"))
                .hasMessageContaining("[0] must be an object with id and title");
        assertThatThrownBy(() -> parseText(EvidenceKind.BLOCKERS, "{\"blockers\": {\"id\": 1}}"))
                .hasMessageContaining("\"blockers\" must be an array");
        assertThatThrownBy(() -> parseText(EvidenceKind.BLOCKERS, "[{\"id\": \"OPS-1\", \"title\": [\"x\"]}]"))
                .hasMessageContaining("[0].title must be a string");
    }

    @Test
    void notesAreOneBoundedLineEach() throws EvidenceException {
        String title = "Line one\nline two\t" + "x".repeat(400);
        ParsedReport report = parseText(EvidenceKind.BLOCKERS,
                "[{\"id\": \"OPS-9\", \"title\": \"" + title.replace("\n", "\\n").replace("\t", "\\t") + "\"}]");

        String note = report.notes().get(0);
        assertThat(note).startsWith("OPS-9 Line one line two x").doesNotContain("\n").hasSize(Notes.MAX_LENGTH);
    }

    @Test
    void eachKindTakesOnlyItsOwnFormats() throws EvidenceException {
        ParsedReport audit = parse("pip-audit.json");
        ParsedReport outdated = parse("pip-outdated.json");

        assertThatThrownBy(() -> ReportParsers.combine(EvidenceKind.OUTDATED, List.of(audit)))
                .hasMessageContaining("kind outdated expects");
        assertThat(ReportParsers.combine(EvidenceKind.VULNERABILITIES, List.of(audit, parse("osv-scanner.json"))))
                .contains(entry("vulnerabilities", 8.0), entry("severity_unknown", 4.0), entry("severity_critical", 1.0));
        assertThat(ReportParsers.combine(EvidenceKind.OUTDATED, List.of(outdated, parse("npm-outdated.json"))))
                .containsExactly(entry("outdated", 6.0));
        assertThat(bytes("blockers.json")).isNotEmpty();
    }
}
