package dev.promotiond.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import dev.promotiond.facts.UptimeWindows;
import dev.promotiond.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Uptime windows the policy asks for: a 14-day window for a database, switched at run time. */
class LedgerWindowsTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant END = T0.plus(Duration.ofDays(14));
    /** Probes in the 14d window at END: one a minute, less the one at T0 (the window starts a minute later). */
    static final long IN_FOURTEEN_DAYS = 14 * 24 * 60 - 1;
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration FORTNIGHT = Duration.ofDays(14);
    @TempDir
    Path dir;

    /** A probe a minute for 14 days before END, all UP but one DOWN hour 10 days before END. */
    static void seed(Ledger l) {
        l.declare("db", Stage.STAGING, 60, T0);
        Instant downFrom = END.minus(Duration.ofDays(10));
        Instant downTo = downFrom.plus(Duration.ofHours(1));
        for (Instant t = T0; t.isBefore(END); t = t.plusSeconds(60)) {
            boolean up = t.isBefore(downFrom) || !t.isBefore(downTo);
            l.record(new Observation("db", t, up, up ? "ok" : "status 503", "1.0", Duration.ofMillis(3)));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void fourteenDayWindowCountsADownHourTenDaysAgoThatSevenDaysDoNot(StoreKind kind) {
        try (Store store = Store.open(kind.fresh(dir))) {
            Ledger l = new Ledger(store);
            l.windows(List.of(WEEK, FORTNIGHT), T0);
            l.load(T0);
            seed(l);
            LedgerView v = l.view("db", END);
            assertThat(v.uptimes()).extracting(Uptime::window).containsExactly("1h", "24h", "7d", "14d");
            assertThat(v.uptime("7d").down()).isZero();
            Uptime fortnight = v.uptime("14d");
            assertThat(fortnight.down()).isEqualTo(60);
            assertThat(fortnight.observed()).isEqualTo(IN_FOURTEEN_DAYS);
            assertThat(fortnight.windowSeconds()).isEqualTo(FORTNIGHT.toSeconds());
            assertThat(fortnight.expected()).isEqualTo(IN_FOURTEEN_DAYS);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void growingTheWindowAfterARestartReadsTheOlderRunsFromTheStore(StoreKind kind) {
        Database db = kind.fresh(dir);
        try (Store store = Store.open(db)) {
            Ledger before = new Ledger(store);
            before.load(T0);
            seed(before);
            store.flush();
        }
        try (Store store = Store.open(db)) {
            Ledger l = new Ledger(store);
            l.load(END); // keeps the default windows' 7 days only
            assertThat(l.view("db", END).uptimes()).extracting(Uptime::window).containsExactly("1h", "24h", "7d");
            l.windows(List.of(FORTNIGHT), END);
            LedgerView v = l.view("db", END);
            assertThat(v.uptimes()).extracting(Uptime::window).containsExactly("1h", "24h", "14d");
            assertThat(v.uptime("14d").down()).isEqualTo(60);
            assertThat(v.uptime("14d").observed()).as("nothing lost, nothing counted twice").isEqualTo(IN_FOURTEEN_DAYS);
            // probes go on after the switch: the open run continues
            l.record(new Observation("db", END, true, "ok", "1.0", Duration.ofMillis(3)));
            assertThat(l.view("db", END.plusSeconds(30)).uptime("24h").observed()).isEqualTo(24 * 60);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void growingTheWindowOfARunningLedgerReadsBackWhatItHadDropped(StoreKind kind) {
        try (Store store = Store.open(kind.fresh(dir))) {
            Ledger l = new Ledger(store);
            l.load(T0);
            seed(l);
            assertThat(l.view("db", END).uptime("7d").down()).isZero(); // drops the runs older than 7 days
            l.windows(List.of(FORTNIGHT), END);
            Uptime fortnight = l.view("db", END).uptime("14d");
            assertThat(fortnight.down()).isEqualTo(60);
            assertThat(fortnight.observed()).isEqualTo(IN_FOURTEEN_DAYS);
            l.windows(List.of(WEEK), END);
            assertThat(l.view("db", END).uptime("7d").observed()).isEqualTo(7 * 24 * 60 - 1);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void replayReportsTheSameFourteenDayWindow(StoreKind kind) {
        try (Store store = Store.open(kind.fresh(dir))) {
            Ledger l = new Ledger(store);
            l.windows(List.of(FORTNIGHT), T0);
            l.load(T0);
            seed(l);
            store.flush();
            Uptime live = l.view("db", END).uptime("14d");
            StoreHistory h = StoreHistory.read(store, Duration.ZERO, UptimeWindows.of(List.of(FORTNIGHT)));
            List<Uptime> replayed = h.uptimes("db", END, 60);
            assertThat(replayed).extracting(Uptime::window).containsExactly("1h", "24h", "14d");
            assertThat(replayed.get(2)).isEqualTo(live);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aWindowBeyondRetentionIsRefusedAndTheWindowsStay(StoreKind kind) {
        try (Store store = Store.open(kind.fresh(dir))) {
            Ledger l = new Ledger(store, Duration.ofDays(35));
            l.load(T0);
            assertThatThrownBy(() -> l.windows(List.of(Duration.ofDays(40)), T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("uptime window 40d").hasMessageContaining("retention 35d");
            assertThat(l.windows()).isEqualTo(UptimeWindows.DEFAULT);
            l.windows(List.of(Duration.ofDays(35)), T0);
            assertThat(l.windows().names()).containsExactly("1h", "24h", "35d");
        }
    }
}
