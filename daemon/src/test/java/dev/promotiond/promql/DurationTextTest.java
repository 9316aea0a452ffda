package dev.promotiond.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void limitsShowOnlyTheirNonZeroUnits() {
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
    }

    @Test
    void agesAreWholeSecondsGoStyle() {
        assertThat(DurationText.age(Duration.ofMinutes(12))).isEqualTo("12m0s");
        assertThat(DurationText.age(Duration.ofMillis(45_900))).isEqualTo("45s");
        assertThat(DurationText.age(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
    }

    @Test
    void prometheusGetsWholeSecondsOrMilliseconds() {
        assertThat(PrometheusClient.promDuration(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(PrometheusClient.promDuration(Duration.ofMillis(500))).isEqualTo("500ms");
    }
}
