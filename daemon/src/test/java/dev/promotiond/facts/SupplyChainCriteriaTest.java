package dev.promotiond.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vulnerabilities, outdated dependencies and promotion blockers, judged for the running version only. */
class SupplyChainCriteriaTest {
    static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");
    final Component svc = new Component("svc", "", Stage.STAGING, "2.0.0", List.of(), true, 10);

    static Evidence evidence(String version, String kind, String tool, Map<String, Double> values, List<String> notes) {
        return new Evidence("svc", version, null, kind, tool, AT, "ab12", values, notes);
    }

    static Map<String, Double> severities(double critical, double high, double medium, double low, double unknown) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("severity_critical", critical);
        v.put("severity_high", high);
        v.put("severity_medium", medium);
        v.put("severity_low", low);
        v.put("severity_unknown", unknown);
        v.put("vulnerabilities", critical + high + medium + low + unknown);
        return v;
    }

    CriterionResult vulns(List<Evidence> evidence, String failAt, double max, boolean unknownFails) {
        return SupplyChainCriteria.vulnerabilities(svc, Stage.PRODUCTION, "dependency-vulnerabilities", evidence,
                failAt, max, unknownFails, "no critical dependency vulnerabilities");
    }

    @Test
    void criticalVulnerabilityIsUnmetAndNamedWhileLowerOnesAreOnlyMentioned() {
        Evidence e = evidence("2.0.0", "vulnerabilities", "osv-scanner", severities(1, 1, 2, 0, 0), List.of(
                "critical GHSA-8q59-q68h-6hv4 (pyyaml 5.3)", "high GHSA-w3h3-4rj7-4ph4 (gunicorn 21.2.0)",
                "medium GHSA-v845-jxx5-vc9f (urllib3 1.26.17)", "medium GHSA-34jh-p97f-mpxf (urllib3 1.26.17)"));

        CriterionResult r = vulns(List.of(e), "CRITICAL", 0, true);

        assertThat(r.state()).isEqualTo(CriterionState.UNMET);
        assertThat(r.observed()).isEqualTo("1 critical, 1 high, 2 medium, 0 low, 0 unknown");
        assertThat(r.threshold()).isEqualTo("≤ 0 of CRITICAL (unknown severity counts)");
        assertThat(r.reason()).isEqualTo("1 vulnerability of CRITICAL, more than the 0 allowed: critical "
                + "GHSA-8q59-q68h-6hv4 (pyyaml 5.3); below CRITICAL: 1 high, 2 medium (osv-scanner, version 2.0.0)");
        assertThat(r.facts()).extracting(FactRef::fact).contains("Evidence vulnerabilities");
    }

    @Test
    void onlyLowerSeveritiesMeetTheCriterionAndFailingAtHighCountsThem() {
        Evidence e = evidence("2.0.0", "vulnerabilities", "osv-scanner", severities(0, 1, 0, 3, 0),
                List.of("high GHSA-w3h3-4rj7-4ph4 (gunicorn 21.2.0)"));

        assertThat(vulns(List.of(e), "CRITICAL", 0, true).state()).isEqualTo(CriterionState.MET);
        assertThat(vulns(List.of(e), "CRITICAL", 0, true).reason()).startsWith("no vulnerabilities of CRITICAL; below CRITICAL: 1 high, 3 low");
        CriterionResult high = vulns(List.of(e), "high", 0, true);
        assertThat(high.state()).isEqualTo(CriterionState.UNMET);
        assertThat(high.reason()).contains("1 vulnerability of HIGH or higher").contains("GHSA-w3h3-4rj7-4ph4");
        assertThat(vulns(List.of(e), "HIGH", 1, true).state()).isEqualTo(CriterionState.MET);
    }

    @Test
    void unrankedVulnerabilitiesFromPipAuditFailByDefaultAndTheReasonSaysWhy() {
        Evidence e = evidence("2.0.0", "vulnerabilities", "pip-audit", severities(0, 0, 0, 0, 2), List.of(
                "unknown GHSA-h5c8-rqwp-cp95 (jinja2 3.1.2)", "unknown PYSEC-2024-60 (requests 2.31.0)"));

        CriterionResult r = vulns(List.of(e), "CRITICAL", 0, true);

        assertThat(r.state()).isEqualTo(CriterionState.UNMET);
        assertThat(r.reason()).isEqualTo("2 vulnerabilities of CRITICAL (2 of unknown severity, counted as CRITICAL"
                + " because the report does not rank them), more than the 0 allowed: unknown GHSA-h5c8-rqwp-cp95"
                + " (jinja2 3.1.2), unknown PYSEC-2024-60 (requests 2.31.0) (pip-audit, version 2.0.0)");
    }

    @Test
    void unrankedVulnerabilitiesAllowedByPolicyAreStillNamed() {
        Evidence e = evidence("2.0.0", "vulnerabilities", "pip-audit", severities(0, 0, 0, 0, 1),
                List.of("unknown PYSEC-2024-60 (requests 2.31.0)"));

        CriterionResult r = vulns(List.of(e), "CRITICAL", 0, false);

        assertThat(r.state()).isEqualTo(CriterionState.MET);
        assertThat(r.reason()).contains("1 vulnerability of unknown severity not counted").contains("PYSEC-2024-60");
    }

    @Test
    void manyOffendersAreShortened() {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            notes.add("critical CVE-2026-000" + i + " (lib" + i + " 1.0)");
        }
        Evidence e = evidence("2.0.0", "vulnerabilities", "osv-scanner", severities(8, 0, 0, 0, 0), notes);

        String reason = vulns(List.of(e), "CRITICAL", 0, true).reason();

        assertThat(reason).contains("CVE-2026-0004").doesNotContain("CVE-2026-0005").contains("and 3 more");
    }

    @Test
    void missingStaleOrUnsayingEvidenceIsUnknownNeverMet() {
        assertThat(vulns(List.of(), "CRITICAL", 0, true).state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(vulns(List.of(), "CRITICAL", 0, true).reason()).isEqualTo("no vulnerabilities evidence received");

        Evidence old = evidence("1.9.0", "vulnerabilities", "osv-scanner", severities(0, 0, 0, 0, 0), List.of());
        CriterionResult stale = vulns(List.of(old), "CRITICAL", 0, true);
        assertThat(stale.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(stale.reason()).contains("version 1.9.0, not the running 2.0.0");

        Evidence generic = evidence("2.0.0", "vulnerabilities", "generic", Map.of("passed", 1.0), List.of());
        assertThat(vulns(List.of(generic), "CRITICAL", 0, true).state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(vulns(List.of(generic), "CRITICAL", 0, true).reason()).contains("does not report severity_critical");

        assertThat(vulns(List.of(), "SEVERE", 0, true).reason()).contains("\"SEVERE\" is not a severity");
    }

    @Test
    void outdatedDependenciesAreCountedAndNamed() {
        Evidence e = evidence("2.0.0", "outdated", "pip", Map.of("outdated", 2.0),
                List.of("certifi 2024.2.2 → 2024.8.30", "requests 2.31.0 → 2.32.3"));
        Evidence clean = evidence("2.0.0", "outdated", "npm", Map.of("outdated", 0.0), List.of());

        CriterionResult r = SupplyChainCriteria.upToDate(svc, Stage.PRODUCTION, "dependencies-up-to-date", List.of(e), 0,
                "dependencies up to date");
        assertThat(r.state()).isEqualTo(CriterionState.UNMET);
        assertThat(r.observed()).isEqualTo("2 outdated");
        assertThat(r.reason()).isEqualTo("2 dependencies have a newer release, more than the 0 allowed: certifi"
                + " 2024.2.2 → 2024.8.30, requests 2.31.0 → 2.32.3 (pip, version 2.0.0)");
        assertThat(SupplyChainCriteria.upToDate(svc, Stage.PRODUCTION, "d", List.of(e), 2, "r").state())
                .isEqualTo(CriterionState.MET);
        assertThat(SupplyChainCriteria.upToDate(svc, Stage.PRODUCTION, "d", List.of(clean), 0, "r").reason())
                .startsWith("every dependency is at its latest release");
        Evidence old = evidence("1.9.0", "outdated", "pip", Map.of("outdated", 0.0), List.of());
        assertThat(SupplyChainCriteria.upToDate(svc, Stage.PRODUCTION, "d", List.of(old), 0, "r").state())
                .isEqualTo(CriterionState.UNKNOWN);
    }

    @Test
    void anyOpenBlockerBlocksAndAnEmptyListIsEvidenceOfNone() {
        Evidence open = evidence("2.0.0", "blockers", "blockers", Map.of("blockers", 1.0),
                List.of("OPS-12 Change freeze until the payment audit closes"));
        Evidence none = evidence("2.0.0", "blockers", "blockers", Map.of("blockers", 0.0), List.of());

        CriterionResult blocked = SupplyChainCriteria.noBlockers(svc, Stage.STAGING, "promotion-blockers", List.of(open),
                "no open promotion blockers");
        assertThat(blocked.state()).isEqualTo(CriterionState.UNMET);
        assertThat(blocked.reason()).isEqualTo("1 open promotion blocker: OPS-12 Change freeze until the payment"
                + " audit closes (blockers, version 2.0.0)");
        assertThat(SupplyChainCriteria.noBlockers(svc, Stage.STAGING, "p", List.of(none), "r").state())
                .isEqualTo(CriterionState.MET);
        assertThat(SupplyChainCriteria.noBlockers(svc, Stage.STAGING, "p", List.of(), "r").state())
                .isEqualTo(CriterionState.UNKNOWN);
        Evidence old = evidence("1.9.0", "blockers", "blockers", Map.of("blockers", 0.0), List.of());
        CriterionResult stale = SupplyChainCriteria.noBlockers(svc, Stage.STAGING, "p", List.of(old), "r");
        assertThat(stale.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(stale.reason()).contains("the latest blockers evidence is for version 1.9.0");
    }

    @Test
    void aFailLevelFromTheComponentIsCreditedToTheComponentNotToTheDefault() {
        // the component lowered the fail level to HIGH; the count stays the default's: the explanation
        // must name both origins, not credit the default with HIGH
        Threshold failAt = new Threshold("to_production.vulnerabilities_fail_at", Double.NaN, "HIGH",
                Threshold.Bound.SETTING, "component svc", "policy.yaml:80:32");
        Threshold max = new Threshold("to_production.max_vulnerabilities", 0, "0", Threshold.Bound.AT_MOST, "default",
                "policy.yaml:31:26");
        CriterionResult r = SupplyChainCriteria.vulnerabilities(svc, Stage.PRODUCTION, "dependency-vulnerabilities",
                List.of(), failAt, max, "rule");
        assertThat(r.threshold()).contains("HIGH").contains("for svc, policy.yaml:80:32")
                .contains("default, policy.yaml:31:26");
        CriterionResult bandit = EvidenceCriteria.securityFindings(svc, Stage.PRODUCTION, "critical-vulnerabilities",
                "security", List.of(), failAt, max, "rule");
        assertThat(bandit.threshold()).contains("for svc, policy.yaml:80:32").contains("default, policy.yaml:31:26");
    }
}
