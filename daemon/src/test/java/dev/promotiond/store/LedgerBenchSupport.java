package dev.promotiond.store;

import dev.promotiond.facts.Stage;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Benchmark-only access to package-private parts of the store (the benchmarks live in
 * {@code dev.promotiond.bench}). Filling a week of minute buckets through {@link Ledger#load} would
 * need 100 million SQLite rows for 10,000 components, so {@link #fillWindows} writes straight into
 * a declared component's {@link MinuteWindows} (found by reflection on the ledger's private
 * track), exactly as {@code load} does bucket by bucket.
 */
public final class LedgerBenchSupport {
    /** Bytes of one component's minute ring (one int per minute of the week). */
    public static final long RING_BYTES = (long) MinuteWindows.RING * Integer.BYTES;

    private static final Field TRACKS;
    private static final Field WINDOWS;

    static {
        try {
            TRACKS = Ledger.class.getDeclaredField("tracks");
            TRACKS.setAccessible(true);
            WINDOWS = Class.forName(Ledger.class.getName() + "$Track").getDeclaredField("windows");
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
            MinuteWindows w = windows(track);
            for (long m = fromMinute; m <= toMinute; m++) {
                int d = downMinute.test(m) ? 1 : 0;
                w.add(m, probesPerMinute - d, d);
                up += probesPerMinute - d;
                down += d;
            }
        }
        return new long[] {up, down};
    }

    /** Queues a soak row without committing (commit with {@link SqliteStore#flush()}). */
    public static void queueSoak(SqliteStore store, String component, Stage stage, String version, Instant startedAt,
                                 long up, long down, Instant lastAt) {
        store.putSoak(new SoakRow(component, stage, version, startedAt, up, down, lastAt));
    }

    /** A fresh, empty minute ring, for measuring its footprint on its own. */
    public static Object newMinuteWindows() {
        return new MinuteWindows();
    }

    /** Adds {@code up}/{@code down} to one minute of a ring made by {@link #newMinuteWindows()}. */
    public static void addToWindows(Object windows, long minute, int up, int down) {
        ((MinuteWindows) windows).add(minute, up, down);
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

    private static MinuteWindows windows(Object track) {
        try {
            return (MinuteWindows) WINDOWS.get(track);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
