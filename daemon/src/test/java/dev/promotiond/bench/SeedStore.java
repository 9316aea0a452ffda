package dev.promotiond.bench;

import dev.promotiond.facts.Stage;
import dev.promotiond.store.LedgerBenchSupport;
import dev.promotiond.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongPredicate;

/**
 * Writes a store of {@code N} components with {@code DAYS} of 10-second probes ending at {@code NOW},
 * in the {@link Fleet}'s shape (names svc-00000.., 70% Staging, 20% Production, 10% Development;
 * every 50th component has its first probe DOWN in each minute divisible by 17, every 13th in each
 * minute divisible by 257; version 1.0.0), with a soak, a last probe and a stage event per component:
 * what {@code ledger-peers.sh} restarts the daemon on.
 *
 * <p>Usage: {@code SeedStore STORE N DAYS [NOW_EPOCH_SECONDS]}
 */
public final class SeedStore {
    private SeedStore() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int days = Integer.parseInt(args[2]);
        Instant now = args.length > 3 ? Instant.ofEpochSecond(Long.parseLong(args[3])) : Instant.now();
        long nowMinute = Math.floorDiv(now.getEpochSecond(), 60);
        long first = nowMinute - days * 1440L + 1;
        long t0 = System.nanoTime();
        try (Store store = Store.open(file)) {
            for (int i = 0; i < n; i++) {
                String name = Fleet.name(i);
                Stage stage = Fleet.stage(i);
                LongPredicate down = Fleet.downMinutes(i);
                LedgerBenchSupport.queueMinutes(store, name, stage, "1.0.0", first, nowMinute - 1, Fleet.PROBES_PER_MINUTE, down);
                long soakStart = Math.max(first, nowMinute - Math.min(Fleet.soakAgeMinutes(i), days * 1440L));
                long up = 0;
                long downs = 0;
                for (long m = soakStart; m < nowMinute; m++) {
                    int d = down.test(m) ? 1 : 0;
                    up += Fleet.PROBES_PER_MINUTE - d;
                    downs += d;
                }
                Instant soakAt = Instant.ofEpochSecond(soakStart * 60);
                Instant last = Instant.ofEpochSecond((nowMinute - 1) * 60 + 50);
                LedgerBenchSupport.queueSoak(store, name, stage, "1.0.0", soakAt, up, downs, last);
                LedgerBenchSupport.queueLastProbe(store, name, stage, last, "1.0.0", Instant.ofEpochSecond(first * 60));
                if (i % 500 == 499) {
                    store.flush();
                }
            }
        }
        System.out.printf("seeded %s: %d components x %d days of 10 s probes ending %s in %.1f s%n", file, n, days,
                now, (System.nanoTime() - t0) / 1e9);
    }

}
