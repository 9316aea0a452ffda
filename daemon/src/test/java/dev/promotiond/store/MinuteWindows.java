package dev.promotiond.store;

/**
 * UP/DOWN counts in one-minute buckets over the last 7 days, with running sums for the trailing
 * 1h, 24h and 7d windows. Adding an observation is O(1); moving time forward costs one step per
 * elapsed minute (amortised O(1) per minute), never a rescan of the week.
 *
 * <p>A window at minute {@code n} holds the buckets {@code (n - size, n]}. Memory: one int per
 * minute (UP and DOWN packed in 16 bits each), 40 KiB per component. Not thread-safe.
 */
final class MinuteWindows {
    static final String[] NAMES = {"1h", "24h", "7d"};
    static final int[] MINUTES = {60, 24 * 60, 7 * 24 * 60};
    static final int RING = 7 * 24 * 60;
    private static final int MAX_COUNT = 0xFFFF;

    private final int[] ring = new int[RING];
    private final long[] sumUp = new long[NAMES.length];
    private final long[] sumDown = new long[NAMES.length];
    private long head = Long.MIN_VALUE;

    void add(long minute, boolean up) {
        add(minute, up ? 1 : 0, up ? 0 : 1);
    }

    void add(long minute, int up, int down) {
        if (head == Long.MIN_VALUE || minute > head) {
            advance(minute);
        }
        if (minute <= head - RING) {
            return; // older than the week we keep
        }
        int slot = Math.floorMod(minute, RING);
        int cell = ring[slot];
        int newUp = Math.min(MAX_COUNT, (cell >>> 16) + up);
        int newDown = Math.min(MAX_COUNT, (cell & MAX_COUNT) + down);
        up = newUp - (cell >>> 16);
        down = newDown - (cell & MAX_COUNT);
        ring[slot] = (newUp << 16) | newDown;
        for (int w = 0; w < MINUTES.length; w++) {
            if (minute > head - MINUTES[w]) {
                sumUp[w] += up;
                sumDown[w] += down;
            }
        }
    }

    /** Moves the windows' end to {@code minute}; buckets that fall out are subtracted. */
    void advance(long minute) {
        if (head != Long.MIN_VALUE && minute <= head) {
            return;
        }
        if (head == Long.MIN_VALUE || minute - head >= RING) {
            java.util.Arrays.fill(ring, 0);
            java.util.Arrays.fill(sumUp, 0);
            java.util.Arrays.fill(sumDown, 0);
            head = minute;
            return;
        }
        for (long x = head + 1; x <= minute; x++) {
            for (int w = 0; w < MINUTES.length; w++) {
                int cell = ring[Math.floorMod(x - MINUTES[w], RING)];
                sumUp[w] -= cell >>> 16;
                sumDown[w] -= cell & MAX_COUNT;
            }
            ring[Math.floorMod(x, RING)] = 0;
        }
        head = minute;
    }

    /** UP and DOWN summed over the kept minutes from {@code fromMinute} to the head: {up, down}. O(minutes). */
    long[] since(long fromMinute) {
        long[] out = new long[2];
        if (head == Long.MIN_VALUE) {
            return out;
        }
        for (long x = Math.max(fromMinute, head - RING + 1); x <= head; x++) {
            int cell = ring[Math.floorMod(x, RING)];
            out[0] += cell >>> 16;
            out[1] += cell & MAX_COUNT;
        }
        return out;
    }

    long up(int window) {
        return sumUp[window];
    }

    long down(int window) {
        return sumDown[window];
    }
}
