package dev.promotiond.bench;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.LedgerBenchSupport;
import dev.promotiond.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * A synthetic fleet for the benchmarks: {@code n} components (70% Staging, 20% Production, 10%
 * Development), 0–3 dependencies each, HTTP health checks every 10 s, and optionally a week of
 * probe history (6 probes a minute) with soaks 1–9 days old. Most components are always UP; every
 * 13th has a DOWN probe every ~4 hours (within the soak budget) and every 50th flaps (a DOWN
 * every 17 minutes, budget spent), so the rules see met, unmet and unknown criteria alike.
 */
public final class Fleet implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    public static final int PROBES_PER_MINUTE = 6;
    /** A Monday at 00:00:05 UTC; probe history ends in the minute before. */
    public static final Instant NOW = Instant.parse("2026-11-09T00:00:05Z");

    public final Path dir;
    public final Store store;
    public final Ledger ledger;
    public final List<ComponentConfig> configs;
    public final String[] names;
    public final String[] versions;

    private Fleet(Path dir, Store store, Ledger ledger, List<ComponentConfig> configs) {
        this.dir = dir;
        this.store = store;
        this.ledger = ledger;
        this.configs = configs;
        this.names = configs.stream().map(ComponentConfig::name).toArray(String[]::new);
        this.versions = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            versions[i] = version(i);
        }
    }

    public static String name(int i) {
        return String.format("svc-%05d", i);
    }

    public static String version(int i) {
        return "1." + (i % 5) + ".0";
    }

    public static Stage stage(int i) {
        int r = i % 10;
        return r < 7 ? Stage.STAGING : r < 9 ? Stage.PRODUCTION : Stage.DEVELOPMENT;
    }

    /** Which minutes hold one DOWN probe for component {@code i}. */
    public static LongPredicate downMinutes(int i) {
        if (i % 50 == 0) {
            return m -> m % 17 == 0;
        }
        if (i % 13 == 0) {
            return m -> m % 257 == 0;
        }
        return m -> false;
    }

    /** How long ago component {@code i}'s current soak started: 1 to 9 days and some hours. */
    public static long soakAgeMinutes(int i) {
        return (1 + (i * 7919L) % 9) * 1440 + (i % 24) * 60L;
    }

    /**
     * The latest SLIs as a Prometheus source would hand them to the cycle: 4 of 5 components have
     * latency p95, error ratio and request rate, sampled 15 s before {@code at}; p95 is above the
     * default 500 ms limit for every 23rd component, the error ratio above 1% for every 37th, and
     * every 41st has an unknown p95 (empty result).
     */
    public static List<Sli> slis(int n, Instant at) {
        List<Sli> out = new ArrayList<>();
        Instant sampled = at.minusSeconds(15);
        for (int i = 0; i < n; i++) {
            if (i % 5 == 4) {
                continue;
            }
            String c = name(i);
            if (i % 41 == 0) {
                out.add(Sli.unknown(c, "latency_p95_seconds", "prometheus", null, "empty result"));
            } else {
                out.add(Sli.known(c, "latency_p95_seconds", i % 23 == 0 ? 0.75 : 0.05 + (i % 40) / 100.0, sampled,
                        "prometheus", null));
            }
            out.add(Sli.known(c, "error_ratio", i % 37 == 0 ? 0.02 : 0.001, sampled, "prometheus", null));
            out.add(Sli.known(c, "request_rate", 10 + i % 200, sampled, "prometheus", null));
        }
        return out;
    }

    /** The declared configuration of {@code n} components, dependencies drawn with a fixed seed. */
    public static List<ComponentConfig> configs(int n) {
        Random random = new Random(42);
        List<ComponentConfig> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int deps = n > 1 ? random.nextInt(4) : 0;
            List<String> dependencies = new ArrayList<>(deps);
            for (int d = 0; d < deps; d++) {
                int j = random.nextInt(n);
                if (j != i && !dependencies.contains(name(j))) {
                    dependencies.add(name(j));
                }
            }
            HealthCheck health = new HealthCheck(URI.create("http://10.0.0.1:8080/" + name(i) + "/health"), INTERVAL,
                    Duration.ofSeconds(2), "/status", HealthCheck.DEFAULT_HEALTHY, "/version", Set.of(),
                    HealthCheck.DEFAULT_MAX_BODY_BYTES);
            out.add(new ComponentConfig(name(i), "team-" + (i % 20), stage(i), dependencies, health));
        }
        return out;
    }

    /**
     * Opens a fresh store in a new temporary folder and builds the ledger as of {@link #NOW}.
     *
     * @param historyDays 0 (a fresh daemon: nothing known) or 1..7 days of minute buckets per component
     * @param lastProbe   whether to record one real probe per component at NOW - 5 s (sets version and last probe)
     */
    public static Fleet build(int n, int historyDays, boolean lastProbe) {
        return build(configs(n), historyDays, lastProbe);
    }

    public static Fleet build(List<ComponentConfig> configs, int historyDays, boolean lastProbe) {
        Path dir;
        try {
            dir = Files.createTempDirectory("promotiond-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Store store = Store.open(dir.resolve("ledger.db"));
        Ledger ledger = new Ledger(store);
        long nowMinute = Math.floorDiv(NOW.getEpochSecond(), 60);
        long lastMinute = nowMinute - 1;
        long firstMinute = nowMinute - historyDays * 1440L + 1;
        if (historyDays > 0) {
            for (int i = 0; i < configs.size(); i++) {
                long soakStart = nowMinute - soakAgeMinutes(i);
                LongPredicate down = downMinutes(i);
                long up = 0;
                long downs = 0;
                for (long m = soakStart; m <= lastMinute; m++) {
                    int d = m >= firstMinute && down.test(m) ? 1 : 0;
                    up += PROBES_PER_MINUTE - d;
                    downs += d;
                }
                LedgerBenchSupport.queueSoak(store, name(i), configs.get(i).stage(), version(i),
                        Instant.ofEpochSecond(soakStart * 60), up, downs, Instant.ofEpochSecond(lastMinute * 60 + 50));
            }
            store.flush();
        }
        ledger.load(NOW);
        for (ComponentConfig c : configs) {
            ledger.declare(c.name(), c.stage(), c.health().interval().toSeconds(), NOW);
        }
        if (historyDays > 0) {
            for (int i = 0; i < configs.size(); i++) {
                LedgerBenchSupport.fillWindows(ledger, name(i), firstMinute, lastMinute, PROBES_PER_MINUTE,
                        downMinutes(i));
            }
        }
        if (lastProbe) {
            Instant at = NOW.minusSeconds(5);
            for (int i = 0; i < configs.size(); i++) {
                ledger.record(new Observation(name(i), at, true, "ok", version(i), Duration.ofMillis(12)));
            }
        }
        store.flush();
        return new Fleet(dir, store, ledger, configs);
    }

    @Override
    public void close() {
        store.close();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
