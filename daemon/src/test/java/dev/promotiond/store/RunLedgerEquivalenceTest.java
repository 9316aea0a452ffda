package dev.promotiond.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run ledger reports the same uptime, coverage and soak figures as the minute-bucket ledger it
 * replaced ({@link MinuteWindows}, kept here as the reference), on the same probe history: fleet-like
 * DOWN patterns, flapping, 7 s to 60 s intervals, version and stage changes, skipped probes, a daemon
 * that was down for hours, a restart in the middle, and probes that are not aligned to the minute.
 * Compared after every probe and at odd seconds between probes, every window, to the second.
 */
class RunLedgerEquivalenceTest {
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration LENGTH = Duration.ofDays(8).plusHours(5);

    @TempDir
    Path dir;

    /** One simulated component: its interval, the phase of its probes, and what each probe says. */
    record Spec(String name, long intervalMillis, long phaseMillis, ProbeOutcome outcome) {
    }

    interface ProbeOutcome {
        /** Whether the probe at {@code k} happens at all, and its outcome: null for a skipped probe. */
        Boolean at(long k, long atMillis);

        default String version(long atMillis) {
            return "1.0";
        }
    }

    static List<Spec> specs() {
        Random random = new Random(42);
        boolean[] flappy = new boolean[200_000];
        for (int i = 0; i < flappy.length; i++) {
            flappy[i] = random.nextDouble() < 0.3;
        }
        long daemonDownFrom = START.plus(Duration.ofDays(2)).toEpochMilli();
        long daemonDownTo = daemonDownFrom + Duration.ofHours(3).toMillis();
        return List.of(
                new Spec("steady", 10_000, 0, (k, t) -> true),
                new Spec("fleet-50", 10_000, 0, (k, t) -> !(Math.floorMod(t / 60_000, 17) == 0 && t % 60_000 == 0)),
                new Spec("fleet-13", 10_000, 3_250, (k, t) -> !(Math.floorMod(t / 60_000, 257) == 0 && t % 60_000 < 10_000)),
                new Spec("flapping", 10_000, 1_700, (k, t) -> !flappy[(int) (k % flappy.length)]),
                new Spec("slow", 45_000, 12_345, (k, t) -> !flappy[(int) ((k * 7) % flappy.length)] || k % 3 != 0),
                new Spec("fast", 7_000, 999, (k, t) -> k % 97 != 0),
                new Spec("minute", 60_000, 30_000, (k, t) -> k % 11 != 0),
                new Spec("gappy", 10_000, 500, (k, t) -> t >= daemonDownFrom && t < daemonDownTo ? null
                        : k % 1_000 == 7 ? null : k % 500 < 20 ? Boolean.FALSE : Boolean.TRUE),
                new Spec("versions", 10_000, 4_000, new ProbeOutcome() {
                    @Override
                    public Boolean at(long k, long t) {
                        return k % 4_000 >= 3;
                    }

                    @Override
                    public String version(long t) {
                        return "v" + (t - START.toEpochMilli()) / Duration.ofDays(2).toMillis();
                    }
                }));
    }

    @Test
    void everyWindowEqualsTheMinuteBucketLedgerAfterEveryProbeAndBetweenProbes() {
        List<Spec> specs = specs();
        MinuteLedgerReference reference = new MinuteLedgerReference();
        Path file = dir.resolve("runs.db");
        Store store = Store.open(file);
        Ledger ledger = declared(new Ledger(store), specs, START);
        Instant restartAt = START.plus(Duration.ofDays(4)).plusSeconds(1234);
        boolean restarted = false;
        long comparisons = 0;
        Random between = new Random(7);
        PriorityQueue<long[]> next = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i < specs.size(); i++) {
            next.add(new long[] {START.toEpochMilli() + specs.get(i).phaseMillis(), i, 0});
        }
        long end = START.plus(LENGTH).toEpochMilli();
        long lastFlushHour = 0;
        while (next.peek()[0] < end) {
            long[] slot = next.poll();
            Spec spec = specs.get((int) slot[1]);
            long at = slot[0];
            next.add(new long[] {at + spec.intervalMillis(), slot[1], slot[2] + 1});
            if (!restarted && at >= restartAt.toEpochMilli()) {
                store.close(); // the daemon stops cleanly and starts again; "versions" is now declared in Production
                store = Store.open(file);
                ledger = new Ledger(store);
                ledger.load(Instant.ofEpochMilli(at));
                declared(ledger, specs, Instant.ofEpochMilli(at));
                restarted = true;
            }
            Boolean up = spec.outcome().at(slot[2], at);
            if (up == null) {
                continue;
            }
            Observation o = new Observation(spec.name(), Instant.ofEpochMilli(at), up, up ? "ok" : "status 503",
                    spec.outcome().version(at), Duration.ofMillis(3));
            ledger.record(o);
            reference.record(o);
            Instant now = Instant.ofEpochMilli(at);
            compare(ledger, reference, spec, now);
            comparisons++;
            if (slot[2] % 37 == 0) { // an odd instant before the next probe
                Instant later = now.plusMillis(1 + between.nextInt((int) spec.intervalMillis() - 1));
                compare(ledger, reference, spec, later);
                comparisons++;
            }
            if (at / 3_600_000 != lastFlushHour) {
                store.flush();
                lastFlushHour = at / 3_600_000;
            }
        }
        assertThat(restarted).isTrue();
        assertThat(comparisons).isGreaterThan(500_000);
        Instant now = START.plus(LENGTH);
        for (Spec spec : specs) {
            compare(ledger, reference, spec, now);
        }
        // a deployment record moves a soak back three days: it counts what the buckets counted since then
        Instant back = now.minus(Duration.ofDays(3)).plusSeconds(17);
        assertThat(ledger.startSoakAt("steady", Stage.STAGING, "1.0", back, now)).isTrue();
        long[] since = reference.windows.get("steady").since(Math.floorDiv(back.getEpochSecond(), 60));
        assertThat(ledger.view("steady", now).soak().up()).isEqualTo(since[0]);
        assertThat(LedgerBenchSupport.runs(ledger, "steady")).isLessThanOrEqualTo(2);
        store.close();
    }

    @Test
    void probesWithSchedulingJitterDifferByAtMostOneProbeAtAWindowEdge() {
        MinuteLedgerReference reference = new MinuteLedgerReference();
        Random jitter = new Random(3);
        try (Store store = Store.open(dir.resolve("jitter.db"))) {
            Ledger ledger = new Ledger(store);
            ledger.declare("api", Stage.STAGING, 10, START);
            long worst = 0;
            for (long k = 0; k < 8 * 8_640; k++) {
                Instant at = START.plusSeconds(k * 10).plusMillis(jitter.nextInt(80));
                Observation o = new Observation("api", at, k % 300 > 2, "ok", "1.0", Duration.ofMillis(3));
                ledger.record(o);
                reference.record(o);
                List<Uptime> got = ledger.view("api", at).uptimes();
                List<Uptime> want = reference.view("api", 10, at);
                for (int w = 0; w < got.size(); w++) {
                    worst = Math.max(worst, Math.abs(got.get(w).up() - want.get(w).up()));
                    worst = Math.max(worst, Math.abs(got.get(w).down() - want.get(w).down()));
                }
            }
            assertThat(worst).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aStoreOfMinuteBucketsMigratesToRunsWithNothingLost() throws Exception {
        Path file = dir.resolve("v3.db");
        List<Spec> specs = specs();
        MinuteLedgerReference reference = new MinuteLedgerReference();
        Instant now = START.plus(Duration.ofDays(8));
        long buckets = 0;
        long probes = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            LegacyStores.create(c, 3);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO soaks VALUES ('versions', 'Staging', 'v3', "
                        + START.plus(Duration.ofDays(6)).toEpochMilli() + ", 0, 0, 0)");
            }
            c.setAutoCommit(false);
            Map<String, Map<Long, long[]>> minutes = new HashMap<>();
            Map<String, Long> last = new HashMap<>();
            for (Spec spec : specs) {
                long k = 0;
                for (long t = START.toEpochMilli() + spec.phaseMillis(); t < now.toEpochMilli(); t += spec.intervalMillis(), k++) {
                    Boolean up = spec.outcome().at(k, t);
                    if (up != null) {
                        reference.record(new Observation(spec.name(), Instant.ofEpochMilli(t), up, "", null, Duration.ZERO));
                        long[] counts = minutes.computeIfAbsent(spec.name(), x -> new HashMap<>())
                                .computeIfAbsent(Math.floorDiv(t, 60_000), x -> new long[2]);
                        counts[up ? 0 : 1]++;
                        probes++;
                        last.put(spec.name(), t);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO last_probe VALUES (?, ?, 1, 'ok', NULL)")) {
                for (var e : last.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setLong(2, e.getValue());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO probe_buckets VALUES (?, ?, ?, ?)")) {
                for (var e : minutes.entrySet()) {
                    for (var m : e.getValue().entrySet()) {
                        ps.setString(1, e.getKey());
                        ps.setLong(2, m.getKey());
                        ps.setLong(3, m.getValue()[0]);
                        ps.setLong(4, m.getValue()[1]);
                        ps.addBatch();
                        buckets++;
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }

        try (Store store = Store.open(file)) {
            assertThat(store.migration()).startsWith("converted " + buckets + " minute buckets into ");
            try (Statement s = store.connection().createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA freelist_count")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the dropped buckets' pages are given back to the file system").isZero();
            }
            long[] stored = {0};
            Map<String, Integer> runs = new HashMap<>();
            store.readRuns(0, r -> {
                stored[0] += r.probes();
                runs.merge(r.component(), 1, Integer::sum);
            });
            assertThat(stored[0]).as("every probe of the buckets is in a run").isEqualTo(probes);
            assertThat(runs.get("steady")).as("a stable week is one run, not %d minutes", buckets).isEqualTo(1);
            long downMinutes = Duration.between(START, now).toMinutes() / 17 + 1;
            assertThat(runs.get("fleet-50")).as("a minute with one DOWN probe adds two runs")
                    .isLessThanOrEqualTo((int) (2 * downMinutes + 1));
            try (Statement s = store.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'probe_buckets'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            List<String> labels = new ArrayList<>();
            store.readRuns(START.plus(Duration.ofDays(6)).toEpochMilli() + 60_000, r -> {
                if (r.component().equals("versions")) {
                    labels.add(r.stage().title() + " " + r.version());
                }
            });
            assertThat(labels).isNotEmpty().allMatch(l -> l.equals("Staging v3"));
            Ledger ledger = declared(new Ledger(store), specs, now);
            ledger.load(now);
            for (Instant at = now; at.isBefore(now.plus(Duration.ofMinutes(3))); at = at.plusSeconds(1)) {
                for (Spec spec : specs) {
                    assertThat(ledger.view(spec.name(), at).uptimes())
                            .as("%s at %s", spec.name(), at)
                            .isEqualTo(reference.view(spec.name(), spec.intervalMillis() / 1000, at));
                }
            }
        }
        try (Store again = Store.open(file)) {
            assertThat(again.migration()).as("opening a migrated store again converts nothing").isNull();
        }
    }

    static Ledger declared(Ledger ledger, List<Spec> specs, Instant now) {
        for (Spec s : specs) {
            ledger.declare(s.name(), s.name().equals("versions") && now.isAfter(START.plus(Duration.ofDays(4)))
                    ? Stage.PRODUCTION : Stage.STAGING, s.intervalMillis() / 1000, now);
        }
        return ledger;
    }

    static void compare(Ledger ledger, MinuteLedgerReference reference, Spec spec, Instant now) {
        List<Uptime> got = ledger.view(spec.name(), now).uptimes();
        List<Uptime> want = reference.view(spec.name(), spec.intervalMillis() / 1000, now);
        if (!got.equals(want)) {
            assertThat(got).as("%s at %s", spec.name(), now).isEqualTo(want);
        }
    }
}
