package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Stage;
import dev.promotiond.store.HistoryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which version a rollback goes back to ({@code Daemon.previousVersion}). */
class RollbackTargetTest {
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    private static HistoryEvent version(int minute, String v) {
        return new HistoryEvent("web", T.plusSeconds(60L * minute), "version", Stage.PRODUCTION, v);
    }

    @Test
    void theLastVersionBeforeTheCurrentOne() {
        List<HistoryEvent> h = List.of(version(0, "1.0"), version(1, "1.1"), version(2, "1.2"));
        assertThat(Daemon.previousVersion(h, "1.2", Set.of())).isEqualTo("1.1");
    }

    @Test
    void aVersionHeldAfterAnEarlierRollbackIsSkipped() {
        // 1.1 was rolled back and is held, but the executor never changed what ran; then 1.2 came
        List<HistoryEvent> h = List.of(version(0, "1.0"), version(1, "1.1"), version(2, "1.2"));
        assertThat(Daemon.previousVersion(h, "1.2", Set.of("1.1"))).isEqualTo("1.0");
    }

    @Test
    void aVersionThatCameBackCountsAtItsLatestPlace() {
        List<HistoryEvent> h = List.of(version(0, "1.0"), version(1, "1.1"), version(2, "1.0"), version(3, "1.2"));
        assertThat(Daemon.previousVersion(h, "1.2", Set.of("1.1"))).isEqualTo("1.0");
    }

    @Test
    void noneWhenOnlyTheCurrentOrHeldVersionsRan() {
        assertThat(Daemon.previousVersion(List.of(version(0, "2.0")), "2.0", Set.of())).isNull();
        assertThat(Daemon.previousVersion(List.of(version(0, "1.1"), version(1, "2.0")), "2.0", Set.of("1.1"))).isNull();
        assertThat(Daemon.previousVersion(List.of(new HistoryEvent("web", T, "stage", Stage.STAGING, null)), "2.0",
                Set.of())).isNull();
    }
}
