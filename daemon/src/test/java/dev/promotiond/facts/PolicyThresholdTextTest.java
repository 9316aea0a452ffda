package dev.promotiond.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A criterion judged against a policy threshold shows the threshold with its origin, while its
 * reason keeps the plain number: the texts operators read, pinned so that how a result is built
 * may change without them changing.
 */
class PolicyThresholdTextTest {
    static final Component API = new Component("api", "", Stage.STAGING, "1.0", List.of(), true, 10);
    static final Threshold LATENCY = new Threshold("sla.max_latency_p95", 0.3, "300ms", Threshold.Bound.AT_MOST,
            "component api", "policy.yaml:40:22");

    @Test
    void anSlaShowsThePolicyThresholdAndItsReasonTheNumber() {
        Sli slow = Sli.known("api", "latency_p95_seconds", 0.45, Instant.EPOCH, "prometheus", "q");
        CriterionResult r = Criteria.sla(API, Stage.PRODUCTION, "latency", slow, LATENCY, "rule");
        assertThat(r.threshold()).isEqualTo("≤ 300ms (for api, policy.yaml:40:22)");
        assertThat(r.reason()).isEqualTo("latency_p95_seconds is 450 ms, outside ≤ 300 ms (prometheus)");
        assertThat(r.state()).isEqualTo(CriterionState.UNMET);

        Sli unknown = Sli.unknown("api", "latency_p95_seconds", "prometheus", "q", "no data");
        assertThat(Criteria.sla(API, Stage.PRODUCTION, "latency", unknown, LATENCY, "rule").threshold())
                .isEqualTo("≤ 300ms (for api, policy.yaml:40:22)");
        assertThat(Criteria.missingSli(API, Stage.PRODUCTION, "latency", "latency_p95_seconds", List.of(), LATENCY,
                "rule").threshold()).isEqualTo("≤ 300ms (for api, policy.yaml:40:22)");
    }

    @Test
    void aSoakShowsTheRequiredTimeWithItsOrigin() {
        Threshold week = new Threshold("to_production.min_soak", 7 * 86400, "7d", Threshold.Bound.AT_LEAST, "default",
                "policy.yaml:17:28");
        Soak s = new Soak("api", "1.0", Stage.STAGING, Instant.EPOCH, 86400, 8640, 0, 10);
        CriterionResult r = Criteria.soakDuration(API, Stage.PRODUCTION, s, week, "rule");
        assertThat(r.threshold()).isEqualTo("≥ 7d observed (default, policy.yaml:17:28)");
        assertThat(r.reason()).isEqualTo("version 1.0 needs 6d more observed soak");
        assertThat(r.facts()).hasSize(1);
    }

    @Test
    void aFailLevelThatIsNoSeverityStillNamesWhereItIsWritten() {
        Threshold failAt = new Threshold("to_production.vulnerabilities_fail_at", Double.NaN, "SEVERE",
                Threshold.Bound.SETTING, "component api", "policy.yaml:80:32");
        Threshold max = new Threshold("to_production.max_vulnerabilities", 0, "0", Threshold.Bound.AT_MOST, "default",
                "policy.yaml:31:26");
        CriterionResult vulns = SupplyChainCriteria.vulnerabilities(API, Stage.PRODUCTION, "v", List.of(), failAt, max,
                "rule");
        assertThat(vulns.threshold())
                .isEqualTo("- (fail level for api, policy.yaml:80:32; count default, policy.yaml:31:26)");
        assertThat(vulns.state()).isEqualTo(CriterionState.UNKNOWN);
        CriterionResult scan = EvidenceCriteria.securityFindings(API, Stage.PRODUCTION, "s", "security", List.of(),
                failAt, max, "rule");
        assertThat(scan.threshold()).isEqualTo(vulns.threshold());
    }
}
