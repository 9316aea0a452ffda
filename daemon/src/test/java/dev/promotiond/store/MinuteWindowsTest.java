package dev.promotiond.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinuteWindowsTest {

    @Test
    void runningSumsEqualABruteForceRecountAtEveryStep() {
        MinuteWindows w = new MinuteWindows();
        List<long[]> all = new ArrayList<>(); // minute, up(1/0)
        Random r = new Random(42);
        long minute = 1_000_000;
        for (int i = 0; i < 40_000; i++) {
            minute += r.nextInt(10) < 8 ? 0 : 1 + r.nextInt(r.nextInt(100) == 0 ? 3000 : 5);
            long at = minute - (r.nextInt(20) == 0 ? r.nextInt(200) : 0); // some late arrivals
            boolean up = r.nextInt(30) != 0;
            w.add(at, up);
            all.add(new long[] {at, up ? 1 : 0});
            if (i % 997 == 0) {
                long now = minute + r.nextInt(3);
                w.advance(now);
                for (int k = 0; k < MinuteWindows.MINUTES.length; k++) {
                    long size = MinuteWindows.MINUTES[k];
                    long head = Math.max(now, minute);
                    long ups = all.stream().filter(o -> o[0] > head - size && o[0] <= head && o[1] == 1).count();
                    long downs = all.stream().filter(o -> o[0] > head - size && o[0] <= head && o[1] == 0).count();
                    assertThat(w.up(k)).as("up in %s at step %d", MinuteWindows.NAMES[k], i).isEqualTo(ups);
                    assertThat(w.down(k)).as("down in %s at step %d", MinuteWindows.NAMES[k], i).isEqualTo(downs);
                }
            }
        }
    }

    @Test
    void aJumpLongerThanTheWeekEmptiesEveryWindow() {
        MinuteWindows w = new MinuteWindows();
        w.add(100, true);
        w.add(100, false);
        w.advance(100 + MinuteWindows.RING + 5);
        for (int k = 0; k < MinuteWindows.MINUTES.length; k++) {
            assertThat(w.up(k) + w.down(k)).isZero();
        }
    }
}
