package dev.promotiond.bench;

import dev.promotiond.facts.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 1: {@code Ledger.record(Observation)} costs the same per probe whether the components
 * have no history or a full week, and whether there are 10, 1,000 or 10,000 of them.
 *
 * <p>Each measured invocation records {@value #BATCH} probes round-robin over the components, the
 * simulated clock moving 10 s per round (one probe per component per interval, as the daemon
 * does), and the score is divided per probe. Because a fast benchmark runs weeks of simulated
 * time for 10 components in seconds, the ledger is rebuilt with its parameterised history before
 * any iteration once the clock has moved more than an hour past the build: "0 days" therefore
 * means at most ~3 simulated hours of history, "7 days" a full week ring and a 1–9 day soak.
 * The store's queued writes are committed between iterations (not measured; see
 * {@link LedgerFlushBench} for that cost).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 40)
@Measurement(iterations = 60)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LedgerRecordBench {
    static final int BATCH = 10_000;
    static final Duration LATENCY = Duration.ofMillis(12);

    @Param({"10", "1000", "10000"})
    int components;

    @Param({"0", "7"})
    int historyDays;

    Fleet fleet;
    Instant at;
    int next;

    @Setup(Level.Iteration)
    public void resetWhenAged() {
        if (fleet == null || Duration.between(Fleet.NOW, at).toMinutes() > 60) {
            if (fleet != null) {
                fleet.close();
            }
            fleet = Fleet.build(components, historyDays, false);
            at = Fleet.NOW;
            next = 0;
        }
    }

    @TearDown(Level.Iteration)
    public void commit() {
        fleet.store.flush();
    }

    @TearDown(Level.Trial)
    public void close() {
        fleet.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void record() {
        String[] names = fleet.names;
        String[] versions = fleet.versions;
        for (int k = 0; k < BATCH; k++) {
            fleet.ledger.record(new Observation(names[next], at, true, "ok", versions[next], LATENCY));
            if (++next == names.length) {
                next = 0;
                at = at.plusSeconds(10);
            }
        }
    }
}
