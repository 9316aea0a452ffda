package dev.promotiond.cycle;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.SliQuery;
import dev.promotiond.facts.Criteria;
import dev.promotiond.facts.Sli;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes a component's SLIs speak for the version running now, and only for it. An SLI with a
 * window (an error ratio over [5m]) mixes in the previous version's traffic until a whole window of
 * the new version has passed, so until then it is unknown ("not enough data for 15.5 yet: 40s of
 * 5m"), never a value inherited from the version before: that is how a version rolled back to
 * was once rolled back on the bad version's errors. A version's time starts when it was first seen
 * running (its soak, or its deployment record); the sample's own time is compared, so a value read
 * before the switch never counts for the new version.
 */
final class OwnData {
    private final String version;
    private final Instant since;
    private final Map<String, Duration> windows = new HashMap<>();

    /**
     * @param version the version judged (null: nothing to tie the SLIs to, they pass unchanged)
     * @param since   when that version was first seen running, or null when unknown
     */
    OwnData(ComponentConfig config, String version, Instant since) {
        this.version = version;
        this.since = since;
        if (config.metrics() != null) {
            for (SliQuery q : config.metrics().slis()) {
                windows.put(q.sli(), q.window());
            }
        }
    }

    Sli judge(Sli sli) {
        if (version == null) {
            return sli;
        }
        Duration window = windows.getOrDefault(sli.name(), Duration.ZERO);
        if (!sli.known() || window.isZero()) {
            return sli.forVersion(version);
        }
        if (since == null) {
            return sli.unknownFor(version, "not enough data for " + version + " yet: when it started running is unknown");
        }
        Duration covered = Duration.between(since, sli.sampleAt());
        if (covered.compareTo(window) < 0) {
            return sli.unknownFor(version, "not enough data for " + version + " yet: "
                    + Criteria.duration(Math.max(0, covered.toSeconds())) + " of " + Criteria.duration(window.toSeconds()));
        }
        return sli.forVersion(version);
    }
}
