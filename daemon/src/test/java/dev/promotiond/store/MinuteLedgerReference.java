package dev.promotiond.store;

import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Uptime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The minute-bucket ledger's uptime figures, computed the way it computed them (with
 * {@link MinuteWindows}): the reference the run ledger must equal, for tests outside this package.
 */
public final class MinuteLedgerReference {
    final Map<String, MinuteWindows> windows = new HashMap<>();
    private final Map<String, Instant> last = new HashMap<>();

    public void record(Observation o) {
        windows.computeIfAbsent(o.component(), c -> new MinuteWindows()).add(Math.floorDiv(o.at().getEpochSecond(), 60), o.up());
        last.put(o.component(), o.at());
    }

    /** The 1h, 24h and 7d windows of {@code component} at {@code now}, probed every {@code intervalSeconds}. */
    public List<Uptime> view(String component, long intervalSeconds, Instant now) {
        MinuteWindows w = windows.computeIfAbsent(component, c -> new MinuteWindows());
        long nowMinute = Math.floorDiv(now.getEpochSecond(), 60);
        w.advance(nowMinute);
        long intoMinute = now.getEpochSecond() - nowMinute * 60;
        List<Uptime> out = new ArrayList<>();
        for (int i = 0; i < MinuteWindows.NAMES.length; i++) {
            long span = (MinuteWindows.MINUTES[i] - 1L) * 60 + intoMinute;
            long up = w.up(i);
            long down = w.down(i);
            out.add(new Uptime(component, MinuteWindows.NAMES[i], MinuteWindows.MINUTES[i] * 60L, up, down,
                    intervalSeconds > 0 ? span / intervalSeconds : 0, intervalSeconds,
                    up + down == 0 ? null : last.get(component)));
        }
        return out;
    }
}
