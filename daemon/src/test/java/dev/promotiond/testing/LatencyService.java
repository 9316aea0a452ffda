package dev.promotiond.testing;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;

/**
 * A service's /metrics on 127.0.0.1 whose distribution the test controls: a classic histogram
 * {@code http_request_duration_seconds} and a counter {@code http_requests_total{code}}. The
 * {@code job} label comes from the scrape config. Nothing changes unless the test calls
 * {@link #observe} or {@link #requests}.
 */
public final class LatencyService implements AutoCloseable {
    public static final double[] BUCKETS = {0.05, 0.1, 0.2, 0.3, 0.5, 1};

    private final Histogram latency;
    private final Counter requests;
    private final HTTPServer server;

    /** @param codes status codes whose series exist (at 0) from the first scrape on */
    public LatencyService(String... codes) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        latency = Histogram.builder()
                .name("http_request_duration_seconds")
                .help("request latency")
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .register(registry);
        requests = Counter.builder()
                .name("http_requests_total")
                .help("requests by status code")
                .labelNames("code")
                .register(registry);
        for (String code : codes) {
            requests.initLabelValues(code);
        }
        server = HTTPServer.builder()
                .inetAddress(InetAddress.getLoopbackAddress())
                .port(0)
                .registry(registry)
                .buildAndStart();
    }

    /** Records {@code count} requests that each took {@code seconds}. */
    public void observe(double seconds, int count) {
        for (int i = 0; i < count; i++) {
            latency.observe(seconds);
        }
    }

    /** Counts {@code count} requests answered with {@code code}. */
    public void requests(String code, int count) {
        requests.labelValues(code).inc(count);
    }

    /** {@code 127.0.0.1:port}, for a scrape config. */
    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
