package dev.promotiond.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UptimeWindowsTest {

    @Test
    void defaultIsTodaysHourDayAndWeek() {
        assertThat(UptimeWindows.DEFAULT.names()).containsExactly("1h", "24h", "7d");
        assertThat(UptimeWindows.of(List.of())).isNotEqualTo(UptimeWindows.DEFAULT);
        assertThat(UptimeWindows.of(List.of(Duration.ofDays(7), Duration.ofHours(24)))).isEqualTo(UptimeWindows.DEFAULT);
    }

    @Test
    void askedWindowsJoinHourAndDayShortestFirstEachOnce() {
        UptimeWindows w = UptimeWindows.of(List.of(Duration.ofDays(14), Duration.ofDays(3), Duration.ofHours(36),
                Duration.ofMinutes(90), Duration.ofDays(1), Duration.ofDays(14)));
        assertThat(w.names()).containsExactly("1h", "90m", "24h", "36h", "3d", "14d");
        assertThat(w.durations()).containsExactly(Duration.ofHours(1), Duration.ofMinutes(90), Duration.ofHours(24),
                Duration.ofHours(36), Duration.ofDays(3), Duration.ofDays(14));
        assertThat(w.longestMinutes()).isEqualTo(14 * 24 * 60);
        assertThat(UptimeWindows.name(Duration.ofDays(2))).isEqualTo("2d");
    }

    @Test
    void windowStartsOnAMinuteBoundaryAsBefore() {
        Instant now = Instant.parse("2026-11-15T00:00:30Z");
        UptimeWindows w = UptimeWindows.of(List.of(Duration.ofDays(14)));
        assertThat(Instant.ofEpochMilli(w.startMillis(2, now))).isEqualTo(Instant.parse("2026-11-01T00:01:00Z"));
        assertThat(w.spanSeconds(2, now)).isEqualTo(14 * 86_400 - 60 + 30);
    }

    @Test
    void aWindowThatIsNotWholeMinutesIsRefused() {
        assertThatThrownBy(() -> UptimeWindows.of(List.of(Duration.ofSeconds(90))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1m30s")
                .hasMessageContaining("whole number of minutes");
        assertThatThrownBy(() -> UptimeWindows.of(List.of(Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWindowLongerThanRetentionIsRefusedNamingBoth() {
        UptimeWindows w = UptimeWindows.of(List.of(Duration.ofDays(40)));
        assertThatThrownBy(() -> w.within(Duration.ofDays(35))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uptime window 40d").hasMessageContaining("retention 35d");
        assertThat(UptimeWindows.of(List.of(Duration.ofDays(35))).within(Duration.ofDays(35)).names()).contains("35d");
    }
}
