package dev.promotiond.promql;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Uptime;
import dev.promotiond.facts.UptimeWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Uptime windows of a component the daemon does not probe, from its 0/1 series in Prometheus:
 * up = avg × samples, coverage = samples / expected samples at the scrape interval. When either
 * number is unknown the window is unknown with the SLI's reason (never 0% uptime).
 */
public final class PrometheusUptime {
    private PrometheusUptime() {
    }

    /** The default windows (1h, 24h, 7d). */
    public static List<Uptime> windows(ComponentConfig c, Map<String, Sli> slis) {
        return windows(c, slis, UptimeWindows.DEFAULT);
    }

    /**
     * The same {@code windows} the ledger reports; a window whose uptime_avg_/uptime_count_ SLIs were
     * not queried (yet) is unknown.
     */
    public static List<Uptime> windows(ComponentConfig c, Map<String, Sli> slis, UptimeWindows windows) {
        long step = c.metrics().uptimeInterval().toSeconds();
        List<Uptime> out = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            String window = windows.name(w);
            long seconds = windows.duration(w).toSeconds();
            long expected = seconds / step;
            Sli avg = slis.get("uptime_avg_" + window);
            Sli count = slis.get("uptime_count_" + window);
            String reason = reason(avg, count);
            if (reason != null) {
                out.add(new Uptime(c.name(), window, seconds, 0, 0, expected, step, null,
                        "uptime from Prometheus unknown: " + reason));
                continue;
            }
            long n = Math.round(count.value());
            long up = Math.round(avg.value() * n);
            out.add(new Uptime(c.name(), window, seconds, up, n - up, expected, step, avg.sampleAt(), null));
        }
        return out;
    }

    private static String reason(Sli avg, Sli count) {
        if (avg == null || count == null) {
            return "not queried yet";
        }
        if (!avg.known()) {
            return avg.reason();
        }
        if (!count.known()) {
            return count.reason();
        }
        return null;
    }
}
