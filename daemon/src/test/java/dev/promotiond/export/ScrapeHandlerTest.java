package dev.promotiond.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.promotiond.cycle.Evaluation;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streamed /metrics answers byte for byte what client_java's handler answered for the same
 * registry (the old path, mounted next to it), in both text formats, gzip and with {@code name[]=}.
 */
class ScrapeHandlerTest {
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        Evaluation e = DecisionsFixture.evaluation(300, true);
        PrometheusRegistry registry = registry(e);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/old", new MetricsHandler(registry));
        server.createContext("/new", new ScrapeHandler(registry, () -> e));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Decisions plus instruments whose names sort before, between and after the decision families. */
    static PrometheusRegistry registry(Evaluation e) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DecisionsCollector(() -> e));
        Histogram h = Histogram.builder().name("promotiond_probe_duration_seconds").help("probe \"duration\"\\ x")
                .unit(Unit.SECONDS).labelNames("component").classicOnly().classicUpperBounds(0.1, 1).register(registry);
        h.labelValues("svc-\"1\"").observe(0.05);
        h.labelValues("svc-2").observe(2);
        Counter c = Counter.builder().name("promotiond_actions_total").help("actions").labelNames("kind", "outcome")
                .register(registry);
        c.labelValues("alert", "sent").inc(3);
        Counter.builder().name("promotiond_evaluation_failures_total").help("failures").register(registry).inc();
        Counter.builder().name("promotiond_tls_reload_failures_total").help("tls").register(registry);
        Info.builder().name("promotiond_build_info").help("promotiond build").labelNames("version")
                .register(registry).setLabelValues("1.2.3");
        Counter.builder().name("aaa_first_total").help("first").register(registry).inc();
        return registry;
    }

    @Test
    void textIsByteForByteWhatClientJavaWrote() throws Exception {
        String old = get("/old", null, false);
        String now = get("/new", null, false);
        assertTrue(old.contains("promotiond_criterion_state{component=\"svc-0-api\",criterion="), old);
        assertTrue(old.contains("\\\"A\\\\B\\\"\\nline"), "escaped group: " + old);
        assertEquals(old, now);
    }

    @Test
    void openMetricsIsByteForByteWhatClientJavaWrote() throws Exception {
        String old = get("/old", PROMETHEUS_ACCEPT, false);
        String now = get("/new", PROMETHEUS_ACCEPT, false);
        assertTrue(old.contains("# TYPE promotiond_component info"), old);
        assertTrue(now.endsWith("# EOF\n") && now.indexOf("# EOF") == now.length() - 6, "one # EOF at the end");
        assertEquals(old, now);
    }

    @Test
    void gzipAnswersTheSame() throws Exception {
        assertEquals(get("/old", PROMETHEUS_ACCEPT, false), get("/new", PROMETHEUS_ACCEPT, true));
        assertEquals(get("/old", null, false), get("/new", null, true));
    }

    @Test
    void nameFilterSelectsFamiliesFromBothParts() throws Exception {
        for (String q : new String[] {"?name[]=promotiond_criterion_state&name[]=promotiond_actions_total",
            "?name%5B%5D=promotiond_component_info&name%5B%5D=promotiond_build_info",
            "?name[]=promotiond_component&name[]=promotiond_probe_duration_seconds_bucket",
            "?name[]=promotiond_uptime_ratio", "?name[]=nothing_here"}) {
            for (String accept : new String[] {null, PROMETHEUS_ACCEPT}) {
                String old = get("/old" + q, accept, false);
                assertEquals(old, get("/new" + q, accept, false), q + " " + accept);
            }
        }
        assertTrue(get("/new?name[]=promotiond_criterion_state", null, false).startsWith("# HELP promotiond_criterion_state"));
    }

    @Test
    void protobufAcceptGetsText() throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri("/new")).header("Accept",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(get("/old", null, false), new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void noEvaluationYetServesTheRest() throws Exception {
        PrometheusRegistry registry = registry(null);
        ByteArrayOutputStream now = new ByteArrayOutputStream();
        new ScrapeHandler(registry, () -> null).write(now, true, null, EscapingScheme.fromAcceptHeader(PROMETHEUS_ACCEPT));
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter.create().write(old, registry.scrape(),
                EscapingScheme.fromAcceptHeader(PROMETHEUS_ACCEPT));
        assertEquals(old.toString(StandardCharsets.UTF_8), now.toString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private String get(String path, String accept, boolean gzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        byte[] body = r.body();
        if (gzip) {
            assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""));
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    static long allocatedBy(Runnable r) {
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = t.getCurrentThreadAllocatedBytes();
        r.run();
        return t.getCurrentThreadAllocatedBytes() - before;
    }
}
