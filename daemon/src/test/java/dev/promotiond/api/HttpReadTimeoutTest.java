package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.cycle.Evaluation;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.SqliteStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request that stops arriving is ended by the listener's read timeout, not held forever. */
class HttpReadTimeoutTest {
    @Test
    void aStalledHeaderIsAnswered408OrClosedAfterTheReadTimeout(@TempDir Path dir) throws Exception {
        assertEndedAfterTimeout(dir, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
    }

    private static void assertEndedAfterTimeout(Path dir, String head) throws Exception {
        Evaluation e = StatusPageTest.evaluation();
        HttpLimits limits = HttpLimits.DEFAULTS.withReadTimeout(Duration.ofMillis(300));
        try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, limits, new PrometheusRegistry(), () -> e, store,
                     new ActionStore(store), "secret-token", c -> List.of(), null, null, null, null);
             Socket s = RawHttp.stall(server.port(), head)) {
            // RawHttp bounds the read at 5 s: a server without a read timeout fails here
            assertThat(RawHttp.statusOf(s)).isIn(-1, 408);
        }
    }
}
