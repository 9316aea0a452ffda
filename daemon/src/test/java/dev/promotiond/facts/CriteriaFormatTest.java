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
}
