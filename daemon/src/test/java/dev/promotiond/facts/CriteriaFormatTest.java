package dev.promotiond.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CriteriaFormatTest {

    @Test
    void percentagesDropTrailingZerosAndRoundToTwoPlaces() {
        assertThat(Criteria.percent(0.995)).isEqualTo("99.5%");
        assertThat(Criteria.percent(1.0)).isEqualTo("100%");
        assertThat(Criteria.percent(0.99714)).isEqualTo("99.71%");
        assertThat(Criteria.percent(0.000049)).isEqualTo("0%");
        assertThat(Criteria.percent(0.03)).isEqualTo("3%");
        assertThat(Criteria.percent(Double.NaN)).isEqualTo("-");
    }

    @Test
    void sliValuesUseTheUnitOfTheirName() {
        assertThat(Criteria.value("latency_p95_seconds", 0.2)).isEqualTo("200 ms");
        assertThat(Criteria.value("latency_p95_seconds", 0.0755)).isEqualTo("75.5 ms");
        assertThat(Criteria.value("latency_p95_seconds", 1.25)).isEqualTo("1.25 s");
        assertThat(Criteria.value("request_rate", 12.345)).isEqualTo("12.35 req/s");
        assertThat(Criteria.value("memory_bytes", 512 * 1024 * 1024)).isEqualTo("512 MiB");
        assertThat(Criteria.value("queue_depth", -0.5)).isEqualTo("-0.5");
        assertThat(Criteria.fixed(0.0001, 2)).isEqualTo("0");
    }

    @Test
    void soakProgressSaysObservedTimeOverElapsedTime() {
        Component c = new Component("api", "", Stage.STAGING, "1.0", java.util.List.of(), true, 10);
        // 5 days of 10 s probes observed in a soak that started 5 days and 3 hours ago
        Soak s = new Soak("api", "1.0", Stage.STAGING, java.time.Instant.EPOCH, 5 * 86400 + 3 * 3600, 43_200, 0, 10);
        CriterionResult r = Criteria.soakDuration(c, Stage.PRODUCTION, s, 7 * 86400, "rule");
        assertThat(r.observed()).isEqualTo("5d observed over 5d 3h");
        assertThat(r.state()).isEqualTo(CriterionState.UNMET);
    }

    @Test
    void evidenceWithoutAHashIsShownWithoutOne() {
        Component c = new Component("api", "", Stage.DEVELOPMENT, "1.0", java.util.List.of(), true, 10);
        Evidence hashed = new Evidence("api", "1.0", null, "docs", "check", java.time.Instant.EPOCH, "9f2c" + "0".repeat(60),
                java.util.Map.of("check.readme", 1.0, "check.api_docs", 1.0));
        Evidence bare = new Evidence("api", "1.0", null, "docs", "check", java.time.Instant.EPOCH, "",
                java.util.Map.of("check.readme", 1.0, "check.api_docs", 1.0));
        assertThat(EvidenceCriteria.checks(c, Stage.STAGING, "docs", "docs", java.util.List.of(hashed), "readme,api_docs", "r")
                .facts().get(0).value()).isEqualTo("version 1.0, check, sha256 9f2c00000000");
        assertThat(EvidenceCriteria.checks(c, Stage.STAGING, "docs", "docs", java.util.List.of(bare), "readme,api_docs", "r")
                .facts().get(0).value()).isEqualTo("version 1.0, check");
    }

    @Test
    void aZeroErrorBudgetFailsTheSoakOnlyOnceSomethingWasDown() {
        // min_uptime 100% derives a budget of 0%: nothing may be DOWN, and nothing DOWN is no failure
        java.time.Instant at = java.time.Instant.EPOCH;
        Soak clean = new Soak("api", "1.0", Stage.STAGING, at, 2 * 86400, 2 * 1440, 0, 60);
        Uptime week = new Uptime("api", "7d", 7 * 86400, 2 * 1440, 0, 7 * 1440, 60, at);
        Uptime day = new Uptime("api", "24h", 86400, 1440, 0, 1440, 60, at);
        SoakVerdict ok = Criteria.soakBudget(clean, week, day, 7 * 86400, 0.0, "rule");
        assertThat(ok.state()).as(ok.reason()).isEqualTo(SoakState.OK);

        Soak down = new Soak("api", "1.0", Stage.STAGING, at, 2 * 86400, 2 * 1440 - 1, 1, 60);
        Uptime downWeek = new Uptime("api", "7d", 7 * 86400, 2 * 1440 - 1, 1, 7 * 1440, 60, at);
        assertThat(Criteria.soakBudget(down, downWeek, day, 7 * 86400, 0.0, "rule").state()).isEqualTo(SoakState.FAILED);
    }
}
