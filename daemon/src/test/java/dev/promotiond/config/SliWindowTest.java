package dev.promotiond.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How much of a version's own time an SLI needs before it speaks for that version. */
class SliWindowTest {
    @Test
    void builtInsLookBackFiveMinutes() {
        assertThat(PromqlTemplate.window(PromqlTemplate.BUILT_INS.get("error_ratio"))).isEqualTo(Duration.ofMinutes(5));
        assertThat(PromqlTemplate.window(PromqlTemplate.BUILT_INS.get("latency_p95_seconds")))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theLongestRangeOrSubqueryPlusTheLongestOffset() {
        assertThat(PromqlTemplate.window("rate(x[30s]) / rate(y[ 2m ])")).isEqualTo(Duration.ofMinutes(2));
        assertThat(PromqlTemplate.window("max_over_time(rate(x[1m])[1h30m:1m])")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PromqlTemplate.window("rate(x[5m] offset 10m)")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aSoakRangeIsTheVersionsOwnTimeAndAnInstantSelectorNeedsNone() {
        assertThat(PromqlTemplate.window(PromqlTemplate.BUILT_INS.get("peak_request_rate"))).isEqualTo(Duration.ofMinutes(5));
        assertThat(PromqlTemplate.window(PromqlTemplate.BUILT_INS.get("memory_bytes"))).isZero();
    }

    @Test
    void aQueryTakesItsWindowFromItsTemplate() {
        assertThat(new SliQuery("web", "error_ratio", "rate(x[10s])").window()).isEqualTo(Duration.ofSeconds(10));
    }
}
