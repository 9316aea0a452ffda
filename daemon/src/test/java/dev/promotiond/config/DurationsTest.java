package dev.promotiond.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @Test
    void eachUnitParsesToItsLength() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1y")).isEqualTo(Duration.ofDays(365));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void unitsCombineFromLargestToSmallest() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1d2h3m4s5ms")).isEqualTo(
                Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusMillis(5));
        assertThat(Durations.parse("1m500ms")).isEqualTo(Duration.ofMillis(60_500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10x", "1.5h", "30m1h", "1h1h", "h", "10 s", "1H", "ms"})
    void malformedDurationsAreRejectedWithExamples(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad duration \"" + text + "\" (use e.g. 500ms, 10s, 5m, 1h, 7d)");
    }

    @Test
    void emptyNegativeUnitlessAndHugeDurationsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Durations.parse("")).hasMessageStartingWith("empty duration");
        assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Durations.parse("10")).hasMessageContaining("a unit is required");
        assertThatThrownBy(() -> Durations.parse("0")).hasMessageContaining("a unit is required");
        assertThatThrownBy(() -> Durations.parse("99999999999999999999y")).hasMessageContaining("too large");
    }

    @Test
    void formatPrintsTheShortestFormWithDaysAsTheLargestUnit() {
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.format(Duration.ofDays(35))).isEqualTo("35d");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMillis(61_001))).isEqualTo("1m1s1ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "10s", "5m", "1h30m", "7d", "365d", "2d3h4m5s6ms"})
    void formattedDurationsParseBackToThemselves(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
}
