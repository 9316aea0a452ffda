package dev.promotiond.probe;

import java.time.Clock;
import okhttp3.Dns;

/** Lets the benchmarks build the probe both ways: a fresh connection per probe (the daemon's) and the old pooled client. */
public final class ProbeBenchSupport {
    private ProbeBenchSupport() {
    }

    public static HttpHealthProbe probe(Clock clock, int concurrency, boolean reuseConnections) {
        return new HttpHealthProbe(clock, concurrency, Dns.SYSTEM, reuseConnections);
    }
}
