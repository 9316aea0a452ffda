package dev.promotiond.store;

import dev.promotiond.testing.StoreKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    @TempDir
    Path dir;

    static Observation obs(String c, Instant at, boolean up, String version) {
        return new Observation(c, at, up, up ? "ok" : "status 503", version, Duration.ofMillis(3));
    }

    /** Records one probe every 10 s from {@code from} (inclusive) to {@code to} (exclusive). */
    static Instant probe(Ledger l, String c, Instant from, Instant to, boolean up, String version) {
        Instant t = from;
        while (t.isBefore(to)) {
            l.record(obs(c, t, up, version));
            t = t.plusSeconds(10);
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void twoHourDaemonGapLowersCoverageNotUptime(StoreKind kind) {
        Database db = kind.fresh(dir);
        try (Store store = Store.open(db)) {
            Ledger l = new Ledger(store);
            l.declare("api", Stage.STAGING, 10, T0);
            Instant t = probe(l, "api", T0, T0.plus(Duration.ofHours(10)), true, "1");
            Instant resume = t.plus(Duration.ofHours(2)); // the daemon was not running
            Instant end = probe(l, "api", resume, resume.plus(Duration.ofHours(12)), true, "1");
            Uptime day = l.view("api", end).uptime("24h");
            assertThat(day.ratio()).isEqualTo(1.0);
            assertThat(day.down()).isZero();
            assertThat(day.coverage()).isCloseTo(22.0 / 24, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void versionChangeRestartsTheSoakAndStageChangeToo(StoreKind kind) {
        Database db = kind.fresh(dir);
        try (Store store = Store.open(db)) {
            Ledger l = new Ledger(store);
            l.declare("api", Stage.STAGING, 10, T0);
            Instant t = probe(l, "api", T0, T0.plus(Duration.ofDays(2)), true, "1.0");
            assertThat(l.view("api", t).soak().startedAt()).isEqualTo(T0);
            Instant t2 = probe(l, "api", t, t.plus(Duration.ofHours(1)), true, "1.1");
            var soak = l.view("api", t2).soak();
            assertThat(soak.version()).isEqualTo("1.1");
            assertThat(soak.startedAt()).isEqualTo(t);
            assertThat(soak.observedSeconds()).isEqualTo(3600);
            l.declare("api", Stage.PRODUCTION, 10, t2);
            assertThat(l.view("api", t2).soak()).as("no soak in Production until a probe").isNull();
            probe(l, "api", t2, t2.plusSeconds(10), true, "1.1");
            assertThat(l.view("api", t2).soak().stage()).isEqualTo(Stage.PRODUCTION);
            assertThat(store.history("api")).extracting(HistoryEvent::kind)
                    .containsExactly("stage", "version", "version", "stage");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void reopeningTheStoreContinuesWindowsSoakAndVersion(StoreKind kind) {
        Database db = kind.fresh(dir);
        Instant t;
        try (Store store = Store.open(db)) {
            Ledger l = new Ledger(store);
            l.declare("api", Stage.STAGING, 10, T0);
            t = probe(l, "api", T0, T0.plus(Duration.ofDays(3)), true, "2.0");
            probe(l, "api", t, t.plusSeconds(60), false, null);
            t = t.plusSeconds(60);
        }
        try (Store store = Store.open(db)) {
            Ledger l = new Ledger(store);
            Instant later = t.plus(Duration.ofMinutes(30));
            l.load(later);
            l.declare("api", Stage.STAGING, 10, later);
            LedgerView v = l.view("api", later);
            assertThat(v.version()).isEqualTo("2.0");
            assertThat(v.soak().startedAt()).isEqualTo(T0);
            assertThat(v.soak().down()).isEqualTo(6);
            assertThat(v.soak().up()).isEqualTo(3 * 8640);
            assertThat(v.uptime("7d").down()).isEqualTo(6);
            assertThat(v.lastProbeReason()).isEqualTo("status 503");
            assertThat(store.history("api")).extracting(HistoryEvent::kind).containsExactly("stage", "version");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void restartWithTheSameStageRecordsNoNewStageEventEvenWithoutProbes(StoreKind kind) {
        Database db = kind.fresh(dir);
        for (int run = 0; run < 3; run++) {
            try (Store store = Store.open(db)) {
                Ledger l = new Ledger(store);
                l.load(T0);
                l.declare("db", Stage.PRODUCTION, 0, T0.plusSeconds(run));
                assertThat(store.history("db")).hasSize(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void pruneDropsRunsOlderThanRetentionOnly(StoreKind kind) {
        Database db = kind.fresh(dir);
        try (Store store = Store.open(db)) {
            Ledger l = new Ledger(store);
            l.declare("api", Stage.STAGING, 10, T0);
            probe(l, "api", T0, T0.plusSeconds(600), true, "1");
            Instant late = T0.plus(Duration.ofDays(40));
            probe(l, "api", late, late.plusSeconds(600), true, "1");
            assertThat(store.prune(late.minus(Duration.ofDays(35)))).isEqualTo(1);
            long[] probes = {0};
            store.readRuns(0, r -> probes[0] += r.probes());
            assertThat(probes[0]).isEqualTo(60);
        }
    }

    @Test
    void steadyProbesRewriteOnlyTheSmallOpenRunsTable() throws Exception {
        Path file = dir.resolve("s.db");
        try (Store store = Store.open(file)) {
            Ledger l = new Ledger(store);
            for (int i = 0; i < 50; i++) {
                l.declare("c" + i, Stage.STAGING, 10, T0);
            }
            Instant t = T0;
            for (int k = 0; k < 30; k++, t = t.plusSeconds(10)) {
                for (int i = 0; i < 50; i++) {
                    l.record(obs("c" + i, t, !(i == 7 && k == 10), "1"));
                }
                store.flush();
            }
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 var rs = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM probe_runs),"
                         + " (SELECT count(*) FROM open_runs), (SELECT sum(probes) FROM open_runs)")) {
                rs.next();
                // 300 probe-seconds of 50 components: only c7's DOWN probe finished two runs
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getInt(2)).isEqualTo(50);
                assertThat(rs.getLong(3)).isEqualTo(49 * 30 + 19);
            }
            assertThat(l.view("c3", t).lastProbeReason()).isEqualTo("ok");
        }
        try (Store store = Store.open(file)) {
            Ledger l = new Ledger(store);
            Instant later = T0.plusSeconds(305);
            l.load(later);
            l.declare("c7", Stage.STAGING, 10, later);
            LedgerView v = l.view("c7", later);
            assertThat(v.uptime("1h").up() + v.uptime("1h").down()).isEqualTo(30);
            assertThat(v.uptime("1h").down()).isEqualTo(1);
            assertThat(v.lastProbeReason()).isEqualTo("ok");
        }
    }
}
