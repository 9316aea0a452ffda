package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.cycle.Evaluation;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness fast path answers byte for byte what the router answers (status line, headers,
 * body) for the same request, and leaves to the router every request it is not sure about: two
 * real listeners over the same published evaluation, one with the fast path and one without.
 */
class FastReadinessTest {
    static final String R = "/api/v1/components/alpha-api/readiness";

    final AtomicReference<Evaluation> published = new AtomicReference<>();
    Store store;
    ApiServer fast;
    ApiServer router;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        store = Store.open(dir.resolve("s.db"));
        fast = start(true);
        router = start(false);
    }

    private ApiServer start(boolean fastPath) throws IOException {
        return ApiServer.start("127.0.0.1", 0, HttpLimits.DEFAULTS, new PrometheusRegistry(), published::get, store,
                new ActionStore(store), "s3cret", c -> List.of(), null, null,
                () -> published.get() == null ? new Ready(Ready.UNKNOWN, "no evaluation yet; starting: rules are compiling",
                        null) : new Ready(Ready.READY, null, published.get().evaluatedAt()), null, fastPath);
    }

    @AfterEach
    void stop() throws Exception {
        fast.close();
        router.close();
        store.close();
    }

    @Test
    void answersTheRoutersBytesForAKnownComponent() throws Exception {
        published.set(StatusPageTest.evaluation());
        List<String> requests = List.of(
                RawHttp.get(R + "?target=production"),
                RawHttp.get(R + "?target=staging"),
                RawHttp.get(R + "/?target=production"),
                RawHttp.get(R + "?target=Production&explain=true"),
                RawHttp.get(R + "?explain=0&target=staging&other=x"),
                "GET " + R + "?target=production HTTP/1.0\r\n\r\n",
                "GET " + R + "?target=production HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                        + "Connection: close\r\n\r\n");
        for (String request : requests) {
            long before = fast.fastAnswers();
            String answer = exchange(fast, request);
            assertThat(answer).as(request).startsWith("HTTP/1.1 200 ").isEqualTo(exchange(router, request));
            assertThat(fast.fastAnswers()).as("answered by the fast path: %s", request).isEqualTo(before + 1);
        }
        // keep-alive: two answers on one connection, the same as the router's
        String twice = "GET " + R + "?target=production HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET " + R + "?target=staging HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        assertThat(exchange(fast, twice)).isEqualTo(exchange(router, twice));
    }

    @Test
    void leavesErrorsAndOtherRequestsToTheRouter() throws Exception {
        published.set(StatusPageTest.evaluation());
        List<String> requests = List.of(
                RawHttp.get("/api/v1/components/no-such/readiness?target=production"),  // 404
                RawHttp.get(R + "?target=development"),                                   // 400
                RawHttp.get(R + "?target=nowhere"),                                       // 400
                RawHttp.get(R),                                                           // 400: no target
                RawHttp.get(R + "?target=production&explain=maybe"),                      // 400
                RawHttp.get(R + "?target=%zz"),                                           // undecodable
                RawHttp.get(R + "?target=production&pretty=true"),                        // indented
                RawHttp.get(R + "?target=production&pretty"),                             // indented
                RawHttp.get(R + "?target=production&pretty=maybe"),                       // 400
                RawHttp.get("/api/v1/components/alpha%2Dapi/readiness?target=production"), // encoded name
                "HEAD " + R + "?target=production HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "POST " + R + "?target=production HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n",
                RawHttp.get("/healthz"));
        for (String request : requests) {
            String answer = exchange(fast, request);
            assertThat(answer).as(request).isEqualTo(exchange(router, request));
        }
        assertThat(fast.fastAnswers()).as("none answered by the fast path").isZero();
    }

    @Test
    void beforeTheFirstEvaluationTheRoutersStartingReasonIsAnswered() throws Exception {
        String request = RawHttp.get(R + "?target=production");
        String answer = exchange(fast, request);
        assertThat(answer).startsWith("HTTP/1.1 503 ").contains("rules are compiling")
                .isEqualTo(exchange(router, request));
        assertThat(fast.fastAnswers()).isZero();

        published.set(StatusPageTest.evaluation());  // and the first evaluation is served at once
        assertThat(exchange(fast, request)).startsWith("HTTP/1.1 200 ").isEqualTo(exchange(router, request));
        assertThat(fast.fastAnswers()).isEqualTo(1);
    }

    /** Sends {@code request} on a new connection and returns everything until the server closes it. */
    private static String exchange(ApiServer server, String request) throws IOException {
        try (Socket s = RawHttp.stall(server.port(), request)) {
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
