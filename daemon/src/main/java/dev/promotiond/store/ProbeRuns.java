package dev.promotiond.store;

import java.util.Arrays;

/**
 * One component's probe history as runs: maximal stretches of consecutive probes with the same
 * outcome, each kept as (first probe, last probe, count). A stable week is one run; any window is a
 * sum over the runs it overlaps, found by binary search over running totals, so a window costs
 * O(log runs) whatever its length.
 *
 * <p>Within a run the probes are taken to be evenly spaced between its first and last probe (the
 * scheduler probes at a fixed rate, and a run ends at any gap longer than two intervals). A window
 * edge that falls inside a run therefore counts the probes on each side by position; with probes
 * exactly on their schedule the count is exact, with scheduling jitter it can differ by one probe
 * when a probe lies within the jitter of the edge.
 *
 * <p>Memory: 36 bytes per run. Not thread-safe.
 */
final class ProbeRuns {
    /**
     * Half a millisecond: probe times are whole milliseconds, so comparing positions against an edge
     * moved by half of one absorbs rounding in the spacing (below half a millisecond) without moving
     * any probe across it.
     */
    private static final double HALF_MILLI = 0.5;

    private long[] from = new long[2];
    private long[] to = new long[2];
    private int[] count = new int[2]; // probes in the run; negative for a run of DOWN probes
    private long[] upBefore = new long[2]; // UP probes in the kept runs before this one
    private long[] downBefore = new long[2];
    private int head;
    private int size; // index one past the last run

    /** How many runs are kept. */
    int runs() {
        return size - head;
    }

    boolean isEmpty() {
        return size == head;
    }

    /** The last probe's time in epoch milliseconds; only when not empty. */
    long lastAt() {
        return to[size - 1];
    }

    /** Whether the last run is of UP probes; only when not empty. */
    boolean lastUp() {
        return count[size - 1] > 0;
    }

    /** Adds one probe to the last run. The caller decides it continues that run (same outcome, no gap). */
    void extend(long atMillis) {
        int i = size - 1;
        to[i] = atMillis;
        count[i] += count[i] > 0 ? 1 : -1;
    }

    /** Starts a new run of one probe at {@code atMillis}, after every kept run. */
    void start(long atMillis, boolean up) {
        append(atMillis, atMillis, up ? 1 : -1);
    }

    /** Appends a whole run (when loading); {@code fromMillis} must not be before the last run's end. */
    void append(long fromMillis, long toMillis, int signedCount) {
        if (signedCount == 0) {
            return;
        }
        if (size == from.length) {
            grow();
        }
        long up = 0;
        long down = 0;
        if (size > head) {
            int p = size - 1;
            up = upBefore[p] + Math.max(0, count[p]);
            down = downBefore[p] + Math.max(0, -count[p]);
        }
        from[size] = fromMillis;
        to[size] = toMillis;
        count[size] = signedCount;
        upBefore[size] = up;
        downBefore[size] = down;
        size++;
    }

    /** The first kept probe's time in epoch milliseconds; only when not empty. */
    long firstFrom() {
        return from[head];
    }

    /**
     * Puts {@code older}'s runs before the kept ones (when a longer window needs runs that were
     * dropped); they must all end before the first kept run starts. O(runs).
     */
    void prepend(ProbeRuns older) {
        if (older.isEmpty()) {
            return;
        }
        ProbeRuns all = new ProbeRuns();
        all.appendAll(older);
        all.appendAll(this);
        from = all.from;
        to = all.to;
        count = all.count;
        upBefore = all.upBefore;
        downBefore = all.downBefore;
        head = all.head;
        size = all.size;
    }

    private void appendAll(ProbeRuns other) {
        for (int i = other.head; i < other.size; i++) {
            append(other.from[i], other.to[i], other.count[i]);
        }
    }

    /** Forgets the last runs that started at or after {@code millis} (to read them again from the store). */
    void dropFrom(long millis) {
        while (size > head && from[size - 1] >= millis) {
            size--;
        }
        if (size == head) {
            head = size = 0;
        }
    }

    /** Forgets the runs that ended before {@code millis}. */
    void dropEndedBefore(long millis) {
        while (head < size - 1 && to[head] < millis) {
            head++;
        }
        if (head == size - 1 && to[head] < millis) {
            head = size = 0;
        }
        if (head > 0 && head >= from.length / 2) {
            compact();
        }
    }

    /**
     * Probes taken in {@code [fromMillis, toMillis]}: {up, down, time of the last one (epoch ms, or
     * -1 when none)}.
     */
    long[] count(long fromMillis, long toMillis) {
        long[] out = {0, 0, -1};
        if (isEmpty() || toMillis < fromMillis) {
            return out;
        }
        int i = firstEndingAtOrAfter(fromMillis);
        int j = lastStartingAtOrBefore(toMillis);
        if (i > j) {
            return out;
        }
        long up = upBefore[j] + Math.max(0, count[j]) - upBefore[i];
        long down = downBefore[j] + Math.max(0, -count[j]) - downBefore[i];
        int before = probesBefore(i, fromMillis);
        if (count[i] > 0) {
            up -= before;
        } else {
            down -= before;
        }
        int n = Math.abs(count[j]);
        int atOrBefore = probesAtOrBefore(j, toMillis);
        if (count[j] > 0) {
            up -= n - atOrBefore;
        } else {
            down -= n - atOrBefore;
        }
        out[0] = up;
        out[1] = down;
        out[2] = up + down == 0 ? -1 : position(j, atOrBefore - 1);
        return out;
    }

    /** How many probes of run {@code i} lie before {@code millis}. */
    private int probesBefore(int i, long millis) {
        int n = Math.abs(count[i]);
        if (millis <= from[i]) {
            return 0;
        }
        if (millis > to[i]) {
            return n;
        }
        double k = (millis - HALF_MILLI - from[i]) * (n - 1) / (to[i] - from[i]);
        return (int) Math.min(n, Math.max(0, Math.ceil(k)));
    }

    /** How many probes of run {@code j} lie at or before {@code millis}. */
    private int probesAtOrBefore(int j, long millis) {
        int n = Math.abs(count[j]);
        if (millis >= to[j]) {
            return n;
        }
        if (millis < from[j]) {
            return 0;
        }
        double k = (millis + HALF_MILLI - from[j]) * (n - 1) / (to[j] - from[j]);
        return (int) Math.min(n, Math.max(0, Math.ceil(k)));
    }

    /** Where probe {@code k} (0-based) of run {@code i} lies. */
    private long position(int i, int k) {
        int n = Math.abs(count[i]);
        if (n <= 1 || k >= n - 1) {
            return to[i];
        }
        return from[i] + Math.round((double) (to[i] - from[i]) * k / (n - 1));
    }

    private int firstEndingAtOrAfter(long millis) {
        int lo = head;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (to[mid] < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int lastStartingAtOrBefore(long millis) {
        int lo = head;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (from[mid] <= millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    private void grow() {
        if (head > 0) {
            compact();
            if (size < from.length) {
                return;
            }
        }
        int cap = from.length * 2;
        from = Arrays.copyOf(from, cap);
        to = Arrays.copyOf(to, cap);
        count = Arrays.copyOf(count, cap);
        upBefore = Arrays.copyOf(upBefore, cap);
        downBefore = Arrays.copyOf(downBefore, cap);
    }

    private void compact() {
        int n = size - head;
        System.arraycopy(from, head, from, 0, n);
        System.arraycopy(to, head, to, 0, n);
        System.arraycopy(count, head, count, 0, n);
        System.arraycopy(upBefore, head, upBefore, 0, n);
        System.arraycopy(downBefore, head, downBefore, 0, n);
        head = 0;
        size = n;
    }
}
