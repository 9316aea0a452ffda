package dev.promotiond.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.testing.RealPrometheus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus scrapes the streamed /metrics (it asks for OpenMetrics) and can query the decisions. */
class ScrapeByRealPrometheusTest {
    @Test
    void prometheusScrapesAndQueriesTheDecisions(@TempDir Path dir) throws Exception {
        Evaluation e = DecisionsFixture.evaluation(200, true);
        Metrics metrics = new Metrics(() -> e, "test", reason -> reason);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", new ScrapeHandler(metrics.registry(), () -> e));
        server.start();
        try (RealPrometheus prometheus = RealPrometheus.start(dir,
                Map.of("promotiond", "127.0.0.1:" + server.getAddress().getPort()))) {
            prometheus.awaitValue("up{job=\"promotiond\"}", 1, Duration.ofSeconds(30));
            Instant now = Instant.now();
            assertEquals(200, prometheus.seriesCount("promotiond_component_info", now));
            assertEquals(200 * 2 * 4, prometheus.seriesCount("promotiond_component_readiness_state", now));
            assertEquals(1, prometheus.query("sum(promotiond_component_readiness_state{component=\"svc-1\","
                    + "target_stage=\"production\"})", now), 0.0);
            assertEquals(1, prometheus.seriesCount("promotiond_component_info{group=\"Team \\\"A\\\\B\\\"\\nline\","
                    + "component=\"svc-0-api\"}", now));
            assertEquals(13 * 3, prometheus.query("count(promotiond_criterion_state{component=\"svc-2\"})", now), 0.0);
        } finally {
            server.stop(0);
        }
    }
}
