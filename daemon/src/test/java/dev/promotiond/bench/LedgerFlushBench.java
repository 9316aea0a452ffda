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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The durable side of target 1: one second of a 10,000-component fleet probed every 10 s, i.e.
 * 1,000 {@code Ledger.record} calls followed by the {@code Store.flush()} the daemon runs
 * every second (one WAL transaction: bucket upserts, soak rows, last probes). The score is the
 * busy time per simulated second. The ledger holds a full week in memory, but the SQLite table
 * starts without the week's 100 million bucket rows (seeding them would take far longer than the
 * benchmark), so the B-tree is shallower than in a long-running daemon's file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LedgerFlushBench {
    static final int COMPONENTS = 10_000;
    static final int PER_SECOND = COMPONENTS / 10;
    static final Duration LATENCY = Duration.ofMillis(12);

    Fleet fleet;
    Instant roundStart;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        fleet = Fleet.build(COMPONENTS, 7, false);
        roundStart = Fleet.NOW;
    }

    @TearDown(Level.Trial)
    public void close() {
        fleet.close();
    }

    @Benchmark
    public void oneSecondOfProbesThenFlush() {
        String[] names = fleet.names;
        String[] versions = fleet.versions;
        Instant at = roundStart.plusSeconds(next / PER_SECOND);
        for (int k = 0; k < PER_SECOND; k++) {
            fleet.ledger.record(new Observation(names[next], at, true, "ok", versions[next], LATENCY));
            next++;
        }
        if (next == names.length) {
            next = 0;
            roundStart = roundStart.plusSeconds(10);
        }
        fleet.store.flush();
    }
}
