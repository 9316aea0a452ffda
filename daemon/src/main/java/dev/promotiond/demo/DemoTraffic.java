package dev.promotiond.demo;

import java.nio.charset.StandardCharsets;

/**
 * Synthetic request metrics for a demo component, in the Prometheus text format: a request counter
 * by status code, a latency histogram, CPU seconds and resident memory. The counters grow with time
 * since start at a steady rate, so {@code rate()} and {@code histogram_quantile()} give stable
 * answers: what a real service behind the demo's health endpoints would expose.
 */
final class DemoTraffic {
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final double requestsPerSecond;
    private final double errorRatio;
    /** Share of requests at or below each bucket bound (cumulative, non-decreasing, last ≤ 1). */
    private final double[] cumulative;
    private final long startNanos = System.nanoTime();

    DemoTraffic(double requestsPerSecond, double errorRatio, double[] cumulative) {
        this.requestsPerSecond = requestsPerSecond;
        this.errorRatio = errorRatio;
        this.cumulative = cumulative.clone();
    }

    /** A fast, healthy service: p95 about 40 ms, 0.1% errors. */
    static DemoTraffic fast(double rps) {
        return new DemoTraffic(rps, 0.001, new double[] {0.2, 0.45, 0.8, 0.96, 0.99, 0.998, 1, 1, 1, 1});
    }

    /** A slow, error-prone service: p95 above a second, 3% errors. */
    static DemoTraffic slow(double rps) {
        return new DemoTraffic(rps, 0.03, new double[] {0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.85, 0.93, 0.99, 1});
    }

    /**
     * The SLIs this traffic gives, as Prometheus would compute them from {@link #exposition} (quantiles
     * interpolated within histogram buckets, like {@code histogram_quantile}); source {@code demo}.
     */
    java.util.List<dev.promotiond.facts.Sli> slis(String component, java.time.Instant at) {
        String query = "synthetic demo traffic (start the demo with --prometheus for real queries)";
        return java.util.List.of(
                dev.promotiond.facts.Sli.known(component, "latency_p50_seconds", quantile(0.50), at, SOURCE, query),
                dev.promotiond.facts.Sli.known(component, "latency_p95_seconds", quantile(0.95), at, SOURCE, query),
                dev.promotiond.facts.Sli.known(component, "latency_p99_seconds", quantile(0.99), at, SOURCE, query),
                dev.promotiond.facts.Sli.known(component, "error_ratio", errorRatio, at, SOURCE, query),
                dev.promotiond.facts.Sli.known(component, "request_rate", requestsPerSecond, at, SOURCE, query));
    }

    static final String SOURCE = "demo";

    /** The q-quantile of the latency histogram, linear within its bucket. */
    double quantile(double q) {
        double lowerBound = 0;
        double lowerShare = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (cumulative[i] >= q) {
                double width = cumulative[i] - lowerShare;
                return width <= 0 ? BUCKETS[i] : lowerBound + (BUCKETS[i] - lowerBound) * (q - lowerShare) / width;
            }
            lowerBound = BUCKETS[i];
            lowerShare = cumulative[i];
        }
        return BUCKETS[BUCKETS.length - 1];
    }

    byte[] exposition(String component) {
        double seconds = (System.nanoTime() - startNanos) / 1e9 + 600; // as if serving for 10 minutes already
        long total = Math.round(requestsPerSecond * seconds);
        long errors = Math.round(total * errorRatio);
        StringBuilder b = new StringBuilder(2048);
        b.append("# HELP http_requests_total Requests served, by status code.\n");
        b.append("# TYPE http_requests_total counter\n");
        b.append("http_requests_total{code=\"200\"} ").append(total - errors).append('\n');
        b.append("http_requests_total{code=\"500\"} ").append(errors).append('\n');
        b.append("# HELP http_request_duration_seconds Request latency.\n");
        b.append("# TYPE http_request_duration_seconds histogram\n");
        for (int i = 0; i < BUCKETS.length; i++) {
            b.append("http_request_duration_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ")
                    .append(Math.round(total * cumulative[i])).append('\n');
        }
        b.append("http_request_duration_seconds_bucket{le=\"+Inf\"} ").append(total).append('\n');
        b.append("http_request_duration_seconds_sum ").append(total * 0.05).append('\n');
        b.append("http_request_duration_seconds_count ").append(total).append('\n');
        b.append("# HELP process_cpu_seconds_total CPU time used.\n# TYPE process_cpu_seconds_total counter\n");
        b.append("process_cpu_seconds_total ").append(seconds * 0.15).append('\n');
        b.append("# HELP process_resident_memory_bytes Resident memory.\n# TYPE process_resident_memory_bytes gauge\n");
        b.append("process_resident_memory_bytes ").append(180L * 1024 * 1024 + component.length() * 1_000_000L)
                .append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
