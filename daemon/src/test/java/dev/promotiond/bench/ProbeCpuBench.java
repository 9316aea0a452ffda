package dev.promotiond.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeBenchSupport;
import dev.promotiond.testing.RealHealthServer;
import dev.promotiond.testing.RealHealthServer.Endpoint;
import dev.promotiond.testing.SelfSignedCertificate;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CPU the daemon's JVM spends per 1,000 probes, old mechanism (pooled keep-alive connections) against
 * new (a fresh connection per probe), over plain HTTP and TLS, side by side in one run. The server is a
 * real nginx at its default 75 s keep-alive, so the pooled client reuses every connection: the best
 * case for the old mechanism. Each round runs the four variants in a rotating order, and the median
 * of the rounds is reported with its ratio.
 *
 * <p>Usage: {@code ProbeCpuBench [probes per round, default 1000] [rounds, default 7]}.
 */
public final class ProbeCpuBench {
    private static final int IN_FLIGHT = 8;
    private static final int WARM_UP_ROUNDS = 3;

    private ProbeCpuBench() {
    }

    public static void main(String[] args) throws Exception {
        int probes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        System.out.println("# load average before: " + Bench.loadAverage());
        Path dir = Files.createTempDirectory("probe-bench");
        SelfSignedCertificate cert = SelfSignedCertificate.create(Files.createDirectory(dir.resolve("tls")));
        try (RealHealthServer nginx = RealHealthServer.nginx(Files.createDirectory(dir.resolve("nginx")), cert)) {
            Map<String, Endpoint> byName = new LinkedHashMap<>();
            nginx.endpoints().forEach(e -> byName.put(e.name(), e));
            record Variant(String name, boolean reuse, Endpoint endpoint) {
            }
            List<Variant> variants = List.of(
                    new Variant("http  pooled (old)", true, byName.get("nginx")),
                    new Variant("http  fresh  (new)", false, byName.get("nginx")),
                    new Variant("tls   pooled (old)", true, byName.get("nginx-tls")),
                    new Variant("tls   fresh  (new)", false, byName.get("nginx-tls")));
            Map<String, HttpHealthProbe> clients = new LinkedHashMap<>();
            Map<String, List<Double>> cpuMs = new LinkedHashMap<>();
            Map<String, List<Double>> wallMs = new LinkedHashMap<>();
            for (Variant v : variants) {
                clients.put(v.name(), ProbeBenchSupport.probe(Clock.systemUTC(), IN_FLIGHT, v.reuse()));
                cpuMs.put(v.name(), new ArrayList<>());
                wallMs.put(v.name(), new ArrayList<>());
                for (int w = 0; w < WARM_UP_ROUNDS; w++) {  // JIT, TLS provider, pool; TLS needs several thousand
                    run(clients.get(v.name()), v.endpoint(), probes);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((i + r) % variants.size());
                    long[] used = run(clients.get(v.name()), v.endpoint(), probes);
                    cpuMs.get(v.name()).add(used[0] / 1e6 * 1000 / probes);
                    wallMs.get(v.name()).add(used[1] / 1e6 * 1000 / probes);
                }
            }
            clients.values().forEach(HttpHealthProbe::close);
            System.out.printf("# %d rounds of %d probes each, %d in flight, nginx %s%n", rounds, probes, IN_FLIGHT,
                    "keep-alive 75s (default)");
            System.out.printf("%-20s %18s %18s %10s%n", "variant", "CPU ms/1000 (med)", "wall ms/1000 (med)",
                    "CPU ratio");
            for (Variant v : variants) {
                String base = v.name().startsWith("http") ? variants.get(0).name() : variants.get(2).name();
                double cpu = median(cpuMs.get(v.name()));
                System.out.printf("%-20s %18.0f %18.0f %9.2fx   (CPU per round: %s)%n", v.name(), cpu,
                        median(wallMs.get(v.name())), cpu / median(cpuMs.get(base)), rounded(cpuMs.get(v.name())));
            }
        }
        System.out.println("# load average after: " + Bench.loadAverage());
    }

    /** @return {process CPU ns, wall ns} for {@code n} probes, at most IN_FLIGHT at once; every probe must be UP */
    private static long[] run(HttpHealthProbe probe, Endpoint e, int n) throws InterruptedException {
        HealthCheck check = new HealthCheck(e.url(), Duration.ofSeconds(10), Duration.ofSeconds(5), "/status",
                HealthCheck.DEFAULT_HEALTHY, "/version", Set.of(), HealthCheck.DEFAULT_MAX_BODY_BYTES, e.caFile());
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger down = new AtomicInteger();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            probe.probe("bench", check, o -> {
                if (!o.up()) {
                    down.incrementAndGet();
                }
                slots.release();
                done.countDown();
            });
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("probes did not finish");
        }
        long[] used = {os.getProcessCpuTime() - cpu0, System.nanoTime() - wall0};
        if (down.get() > 0) {
            throw new IllegalStateException(down.get() + " of " + n + " probes to " + e.url() + " were DOWN");
        }
        return used;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> String.valueOf(Math.round(v))).toList().toString();
    }
}
