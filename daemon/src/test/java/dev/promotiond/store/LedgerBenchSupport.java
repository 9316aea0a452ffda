package dev.promotiond.store;

import dev.promotiond.facts.Stage;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Benchmark-only access to package-private parts of the store (the benchmarks live in
 * {@code dev.promotiond.bench}). {@link #fillWindows} writes a week of per-minute probe counts straight
 * into a declared component's {@link ProbeRuns} (found by reflection on the ledger's private track),
 * as runs the way a migrated store holds them, without going through SQLite.
 */
public final class LedgerBenchSupport {
    private static final Field TRACKS;
    private static final Field WINDOWS;

    static {
        try {
            TRACKS = Ledger.class.getDeclaredField("tracks");
            TRACKS.setAccessible(true);
            WINDOWS = Class.forName(Ledger.class.getName() + "$Track").getDeclaredField("runs");
            WINDOWS.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LedgerBenchSupport() {
    }

    /**
     * Adds {@code probesPerMinute} observations to every minute in {@code [fromMinute, toMinute]} of
     * a component already known to the ledger (declared or loaded); in minutes where
     * {@code downMinute} is true one of them is DOWN. Returns {up, down} added.
     */
    public static long[] fillWindows(Ledger ledger, String component, long fromMinute, long toMinute,
                                     int probesPerMinute, LongPredicate downMinute) {
        Object track = track(ledger, component);
        long up = 0;
        long down = 0;
        synchronized (track) {
            ProbeRuns runs = windows(track);
            RunMigration.Runs builder = new RunMigration.Runs(component, Stage.STAGING, null,
                    r -> runs.append(r.fromMillis(), r.toMillis(), r.up() ? r.probes() : -r.probes()));
            for (long m = fromMinute; m <= toMinute; m++) {
                int d = downMinute.test(m) ? 1 : 0;
                builder.minute(m, probesPerMinute - d, d);
                up += probesPerMinute - d;
                down += d;
            }
            builder.finish();
        }
        return new long[] {up, down};
    }

    /** Queues a soak row without committing (commit with {@link Store#flush()}). */
    public static void queueSoak(Store store, String component, Stage stage, String version, Instant startedAt,
                                 long up, long down, Instant lastAt) {
        store.putSoak(new SoakRow(component, stage, version, startedAt, up, down, lastAt));
    }

    /** How many runs the ledger keeps in memory for {@code component}. */
    public static int runs(Ledger ledger, String component) {
        Object track = track(ledger, component);
        synchronized (track) {
            return windows(track).runs();
        }
    }

    /**
     * Queues a component's probe counts per minute as runs, the way a migrated store holds them,
     * without committing (commit with {@link Store#flush()}).
     */
    public static void queueMinutes(Store store, String component, Stage stage, String version, long fromMinute,
                                    long toMinute, int probesPerMinute, LongPredicate downMinute) {
        RunMigration.Runs runs = new RunMigration.Runs(component, stage, version, store::putRun);
        for (long m = fromMinute; m <= toMinute; m++) {
            int d = downMinute.test(m) ? 1 : 0;
            runs.minute(m, probesPerMinute - d, d);
        }
        runs.finish();
    }

    /** Queues a component's last probe and the stage event that declared it (commit with flush). */
    public static void queueLastProbe(Store store, String component, Stage stage, Instant at, String version,
                                      Instant stageSince) {
        store.putLastProbe(component, at, true, "ok", version);
        store.addHistory(new HistoryEvent(component, stageSince, "stage", stage, version));
    }

    private static Object track(Ledger ledger, String component) {
        try {
            Object track = ((Map<?, ?>) TRACKS.get(ledger)).get(component);
            if (track == null) {
                throw new IllegalStateException("component " + component + " is not in the ledger; declare it first");
            }
            return track;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProbeRuns windows(Object track) {
        try {
            return (ProbeRuns) WINDOWS.get(track);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
